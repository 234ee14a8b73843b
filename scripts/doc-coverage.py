#!/usr/bin/env python3
"""Documentation coverage of DualTape's three libraries, read from their symbol graphs.

Usage:
    scripts/doc-coverage.py [--graphs DIR] [--list] [--top N] [--module M]
    scripts/doc-coverage.py --check-archive DIR MODULE   # no automatic topic group on the landing page

The symbol graphs come from `scripts/symbol-graphs.sh` (one folder per module under
DIR, default .build/docs/symbol-graphs, holding `<Module>.symbols.json` and the
`<Module>@<Other>.symbols.json` of its extensions to other modules' types).

Four kinds of finding, per module:

  undocumented  a public symbol with no doc comment, neither its own nor one DocC shows for
                it (see "What counts as documented" below)
  parameters    a function, method, initializer or subscript whose own doc comment lacks a
                `- Parameter x:` line (or `- Parameters:` item) for some of its parameters
                (one finding per symbol, naming the parameters)
  throws        a throwing (or rethrowing) one whose own doc comment has no `- Throws:` line
  uncurated     a top-level symbol that no `## Topics` group of the module's DocC catalog
                lists, so DocC would put it in an automatic group

What counts as documented:
  - its own `///` comment directly above the declaration;
  - a witness of a protocol requirement without a comment of its own inherits the
    requirement's comment (the symbol graph carries it and DocC shows it on the witness's
    page): documented if that requirement is in the same module (its comment was written
    for this API and is itself checked), and also when the protocol is another module's
    (`description`, `==`, `init(from:)`): DocC shows "Inherited from
    CustomStringConvertible.description." with a link, the conformance's contract.
  - A witness with its own one-line (or prose-only) comment, no `- Parameter`, `- Returns` or
    `- Throws` line, of a requirement in the same module: the summary says what this
    implementation computes (`/// 1 / (1 + x).` on a derivative), its parameters, result and
    errors are the requirement's, documented and checked there (DocC lists the witness in
    the "<Protocol> Implementations" group of the conforming type's page). swift-format's ValidateDocumentationComments makes the
    same exception for a summary-only comment; once a comment documents some parameters, both
    checks want all of them.
  - Not counted: members the compiler synthesizes (no source location: `init(rawValue:)`,
    `hash(into:)`, Codable's `init(from:)`/`encode(to:)`), and the copies of protocol-extension
    members listed on each conforming type (`::SYNTHESIZED::` in their identifier: `!=`,
    `callAsFunction(_:)` on every operator); the extension member itself is counted once,
    at its declaration.
  - Extension blocks on other modules' types (`extension Int: NestedNumbers`, which DocC
    lists under "Extended Modules") are not counted; their members are.
  - Enum cases are symbols like any other: each needs its comment.
  - Operator functions (`+`, `==`) need a comment but not `- Parameter` lines.

The check fails when any count is above 0 (`make lint` runs it).
"""
import argparse
import collections
import glob
import json
import os
import re
import signal
import sys

MODULES = ["DualTape", "DualTapeOracle", "DualTapeTesting"]
KINDS = ["undocumented", "parameters", "throws", "uncurated"]
FUNCTION_KINDS = {"swift.func", "swift.method", "swift.type.method", "swift.init",
                  "swift.subscript", "swift.type.subscript"}
ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))

# A doc comment ending this many lines (or fewer) above the declaration is its own; attributes
# and a multi-line signature's first lines may sit between them.
OWN_COMMENT_GAP = 12


def relative(uri):
    path = uri[len("file://"):] if uri.startswith("file://") else uri
    return os.path.relpath(path, ROOT) if path.startswith("/") else path


def load_symbols(graphs, module):
    """The symbols of `module` (its own graph and its extensions' graphs), by precise id."""
    symbols = {}
    files = sorted(glob.glob(os.path.join(graphs, module, f"{module}.symbols.json")) +
                   glob.glob(os.path.join(graphs, module, f"{module}@*.symbols.json")))
    if not files:
        sys.exit(f"doc-coverage: no symbol graph for {module} under {graphs} (run scripts/symbol-graphs.sh)")
    for path in files:
        with open(path) as f:
            graph = json.load(f)
        for symbol in graph["symbols"]:
            if symbol.get("accessLevel") not in ("public", "open"):
                continue
            symbols.setdefault(symbol["identifier"]["precise"], symbol)
    return symbols, files[0]


def own_comment(symbol):
    """Whether the symbol's doc comment is written on it (not inherited from a requirement)."""
    comment, location = symbol.get("docComment"), symbol.get("location")
    if not comment or not location or not comment.get("lines"):
        return False
    if comment.get("uri", location["uri"]) != location["uri"]:
        return False
    last = comment["lines"][-1]["range"]["end"]["line"] if "range" in comment["lines"][-1] else None
    if last is None:
        return True
    gap = location["position"]["line"] - last
    return 0 < gap <= OWN_COMMENT_GAP


def is_throwing(symbol):
    fragments = symbol.get("declarationFragments", [])
    # The symbol's own effects follow its parameter clause; a closure parameter's `throws`
    # sits inside it. Count only keywords at parenthesis depth 0.
    depth = 0
    for fragment in fragments:
        text = fragment.get("spelling", "")
        if fragment.get("kind") == "keyword" and depth == 0 and text in ("throws", "rethrows"):
            return True
        depth += text.count("(") + text.count("[") - text.count(")") - text.count("]")
        depth = max(depth, 0)
    return False


PARAMETER_LINE = re.compile(r"^\s*-\s+Parameter\s+([A-Za-z_][A-Za-z0-9_]*)\s*:")
PARAMETERS_HEAD = re.compile(r"^\s*-\s+Parameters\s*:")
PARAMETER_ITEM = re.compile(r"^\s*-\s+([A-Za-z_][A-Za-z0-9_]*)\s*:")
THROWS_LINE = re.compile(r"^\s*-\s+Throws\s*:")
RETURNS_LINE = re.compile(r"^\s*-\s+Returns\s*:")


def documented_parameters(lines):
    names, in_list = set(), False
    for line in lines:
        if PARAMETERS_HEAD.match(line):
            in_list = True
            continue
        match = PARAMETER_LINE.match(line)
        if match:
            names.add(match.group(1))
            in_list = False
            continue
        if in_list:
            item = PARAMETER_ITEM.match(line)
            indented = line.startswith((" ", "\t"))
            if item and indented:
                names.add(item.group(1))
            elif line.strip() and not indented:
                in_list = False
    return names


def display(symbol):
    return ".".join(symbol["pathComponents"])


def location_of(symbol):
    location = symbol["location"]
    return relative(location["uri"]), location["position"]["line"] + 1


def catalog_links(module):
    """The symbol links in the `## Topics` sections of the module's catalog, by top-level base name."""
    catalog = os.path.join(ROOT, "Sources", module, f"{module}.docc")
    links = collections.defaultdict(set)
    for path in glob.glob(os.path.join(catalog, "**", "*.md"), recursive=True):
        in_topics = False
        with open(path) as f:
            for line in f:
                if line.startswith("## "):
                    in_topics = line.strip() == "## Topics"
                    continue
                if not in_topics or not line.lstrip().startswith("- "):
                    continue
                for link in re.findall(r"``([^`]+)``", line):
                    if link.startswith(module + "/"):
                        link = link[len(module) + 1:]
                    if "/" in link.split("(")[0]:
                        continue  # a member, not a top-level symbol
                    links[base_name(link)].add(link)
    return links, os.path.isdir(catalog)


def base_name(link):
    """`checkGradients(of:at:)-3xk9q` and `checkGradients(of:at:)-(_,[NDArray])` -> `checkGradients(of:at:)`;
    `Domain-swift.enum` -> `Domain`."""
    if "(" in link:
        return link[:link.index(")") + 1] if ")" in link else link
    return link.split("-")[0]


def load_relationships(graphs, module):
    relationships = []
    for path in glob.glob(os.path.join(graphs, module, f"{module}*.symbols.json")):
        with open(path) as f:
            relationships += json.load(f).get("relationships", [])
    return relationships


def requirement_finder(symbols, relationships):
    """A function from a symbol to the same-module protocol requirement it implements (or None).

    A default implementation names its requirement (`defaultImplementationOf`); a member of a
    conforming type implements the requirement of the same name of one of the type's protocols
    (the symbol graph lists every protocol a type conforms to, inherited ones included)."""
    requirements = collections.defaultdict(dict)  # protocol -> {member name: requirement}
    conformances = collections.defaultdict(list)  # type -> protocols
    parent, implements = {}, {}
    for r in relationships:
        if r["kind"] == "requirementOf" and r["source"] in symbols:
            requirements[r["target"]][symbols[r["source"]]["pathComponents"][-1]] = symbols[r["source"]]
        elif r["kind"] == "conformsTo":
            conformances[r["source"]].append(r["target"])
        elif r["kind"] == "memberOf":
            parent[r["source"]] = r["target"]
        elif r["kind"] == "defaultImplementationOf" and r["target"] in symbols:
            implements[r["source"]] = symbols[r["target"]]

    def find(symbol):
        precise = symbol["identifier"]["precise"]
        if precise in implements:
            return implements[precise]
        member = symbol["pathComponents"][-1]
        for protocol in conformances.get(parent.get(precise), ()):
            if member in requirements.get(protocol, {}):
                return requirements[protocol][member]
        return None
    return find


def summary_only(lines):
    """Whether a doc comment has no `- Parameter(s)`, `- Returns` or `- Throws` line."""
    return not any(PARAMETER_LINE.match(t) or PARAMETERS_HEAD.match(t) or RETURNS_LINE.match(t) or THROWS_LINE.match(t)
                   for t in lines)


def findings_for(module, graphs):
    symbols, main_graph = load_symbols(graphs, module)
    requirement_of = requirement_finder(symbols, load_relationships(graphs, module))
    found = []  # (kind, file, line, name)
    for symbol in symbols.values():
        if not symbol.get("location") or "::SYNTHESIZED::" in symbol["identifier"]["precise"]:
            continue  # synthesized by the compiler, or a copy of a protocol extension's member
        if symbol["kind"]["identifier"] == "swift.extension":
            continue  # `extension Int: NestedNumbers`: the block, whose members are counted
        file, line = location_of(symbol)
        kind = symbol["kind"]["identifier"]
        if not symbol.get("docComment"):
            found.append(("undocumented", file, line, display(symbol)))
            continue
        if not own_comment(symbol):
            continue  # inherited from a requirement, which is checked where it is declared
        text = [entry.get("text", "") for entry in symbol["docComment"]["lines"]]
        if summary_only(text) and requirement_of(symbol) is not None:
            continue  # a witness's own summary; its parameters are its requirement's (checked there)
        if kind in FUNCTION_KINDS:
            documented = documented_parameters(text)
            missing = []
            for parameter in symbol.get("functionSignature", {}).get("parameters", []):
                names = {parameter.get("name"), parameter.get("internalName")} - {None, "_"}
                if names and not names & documented:
                    missing.append(parameter.get("internalName") or parameter.get("name"))
            if missing:
                found.append(("parameters", file, line, f"{display(symbol)}: no line for {', '.join(missing)}"))
        if kind in FUNCTION_KINDS and is_throwing(symbol) and not any(THROWS_LINE.match(t) for t in text):
            found.append(("throws", file, line, display(symbol)))

    # Curation: every top-level symbol of the module's own graph listed in a Topics group.
    with open(main_graph) as f:
        top = [s for s in json.load(f)["symbols"]
               if len(s["pathComponents"]) == 1 and s.get("accessLevel") in ("public", "open") and s.get("location")]
    links, has_catalog = catalog_links(module)
    by_base = collections.defaultdict(list)
    for symbol in top:
        by_base[symbol["pathComponents"][0]].append(symbol)
    for name, overloads in by_base.items():
        listed = len(links.get(name, ()))
        for symbol in sorted(overloads, key=location_of)[listed:]:
            file, line = location_of(symbol)
            found.append(("uncurated", file, line, display(symbol) + ("" if has_catalog else " (no catalog)")))
    return found


def check_archive(archive, module):
    """Fails when the module's landing page in a built archive has an automatic topic group."""
    page = os.path.join(archive, "data", "documentation", module.lower() + ".json")
    with open(page) as f:
        data = json.load(f)
    generated = [s for s in data.get("topicSections", []) if s.get("generated")]
    for section in generated:
        names = [i.rsplit("/", 1)[-1] for i in section.get("identifiers", [])]
        print(f"{module}: automatic topic group '{section.get('title')}': {', '.join(names)}")
    return 1 if generated else 0


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--graphs", default=os.path.join(ROOT, ".build", "docs", "symbol-graphs"))
    parser.add_argument("--list", action="store_true", help="print every finding")
    parser.add_argument("--top", type=int, default=0, help="print the N files with the most findings")
    parser.add_argument("--module", action="append", help="only this module (repeatable)")
    parser.add_argument("--check-archive", nargs=2, metavar=("ARCHIVE", "MODULE"))
    args = parser.parse_args()

    if args.check_archive:
        sys.exit(check_archive(*args.check_archive))

    modules = args.module or MODULES
    counts = collections.Counter()
    per_file = collections.Counter()
    all_findings = []
    for module in modules:
        for kind, file, line, name in sorted(findings_for(module, args.graphs), key=lambda f: (f[1], f[2], f[0])):
            counts[(module, kind)] += 1
            per_file[file] += 1
            all_findings.append((module, kind, file, line, name))

    if args.list:
        for module, kind, file, line, name in all_findings:
            print(f"{file}:{line}: {kind}: {name}")
    print("Documentation coverage (public symbols of the libraries; see scripts/doc-coverage.py):")
    print(f"  {'module':<18}" + "".join(f"{k:>14}" for k in KINDS))
    for module in modules:
        print(f"  {module:<18}" + "".join(f"{counts[(module, k)]:>14}" for k in KINDS))
    if args.top:
        print(f"Files with the most findings (top {args.top}):")
        for file, count in per_file.most_common(args.top):
            print(f"  {count:>5}  {file}")

    failed = [f"{module} {kind}: {counts[(module, kind)]}" for module in modules for kind in KINDS if counts[(module, kind)]]
    if failed:
        print("doc-coverage: FAILED, every count must be 0: " + "; ".join(failed))
        print("  Run `python3 scripts/doc-coverage.py --list` for each finding with its file and line.")
        return 1
    print("doc-coverage: OK")
    return 0


if __name__ == "__main__":
    signal.signal(signal.SIGPIPE, signal.SIG_DFL)  # `| head` ends the output quietly
    sys.exit(main())
