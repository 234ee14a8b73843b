// swift-tools-version:6.0
import PackageDescription

// DualTape: automatic differentiation over n-dimensional arrays, forward (dual numbers)
// and reverse (tape) modes driven by one operator catalog, cross-checked by GSL.
//
// Licences: the core `DualTape` library is Apache-2.0 and links no GPL code. Targets that
// link GSL (GPL-3.0) are GPL-3.0-or-later; see LICENSE and LICENSE-GPL.
let package = Package(
    name: "DualTape",
    products: [
        .library(name: "DualTape", targets: ["DualTape"]),
        .library(name: "DualTapeOracle", targets: ["DualTapeOracle"]),
        .library(name: "DualTapeTesting", targets: ["DualTapeTesting"]),
        .executable(name: "adcheck", targets: ["adcheck"]),
    ],
    targets: [
        // Internal helper targets (not public API): C libraries.
        // OpenBLAS's CBLAS and LAPACK interfaces as function-pointer types, and the CPU feature
        // probe that chooses its kernels. Declarations only: nothing links OpenBLAS, which
        // DualTape opens at first use (Kernels/BLASLibrary.swift) so that it can set
        // OPENBLAS_CORETYPE before OpenBLAS's constructor reads it. Run time needs libopenblas0
        // (Debian's libopenblas-dev, Homebrew's openblas); libdl for glibc before 2.34.
        .target(
            name: "CBLAS",
            linkerSettings: [.linkedLibrary("dl", .when(platforms: [.linux]))]
        ),
        .systemLibrary(
            name: "CGSL",
            pkgConfig: "gsl",
            providers: [.apt(["libgsl-dev"]), .brew(["gsl"])]
        ),

        // Internal helper target (not public API): vectorized exp/log/sin/cos/tan/tanh (glibc's libmvec).
        .target(
            name: "CVectorMath",
            linkerSettings: [.linkedLibrary("mvec", .when(platforms: [.linux])), .linkedLibrary("m")]
        ),

        // NDArray, the operator protocol and catalog, forward and reverse mode (Apache-2.0).
        // Its plugin lists the catalog's family files, so OperatorCatalog.entries is derived.
        .target(name: "DualTape", dependencies: ["CBLAS", "CVectorMath"], plugins: ["CatalogFamilies"]),
        // Internal build tool and plugin (not public API): they generate OperatorCatalog.families
        // from the `static let NAME: [CatalogEntry]` declarations under Operators/Catalog.
        .executableTarget(name: "catalog-families"),
        .plugin(name: "CatalogFamilies", capability: .buildTool(), dependencies: ["catalog-families"]),

        .executableTarget(
            name: "AutogradTutorial",
            dependencies: ["DualTape"],
            path: "Examples/AutogradTutorial"
        ),
        .executableTarget(
            name: "CustomOperator",
            dependencies: ["DualTape"],
            path: "Examples/CustomOperator"
        ),
        .executableTarget(name: "adbench", dependencies: ["DualTape", "CBLAS"]),

        // The expression language that adcheck reads: parser, shape checker, evaluator (Apache-2.0).
        .target(name: "ADExpression", dependencies: ["DualTape", "CommandLineKit"]),
        // Internal helper target for adcheck (not public API): command-line parsing and help.
        .target(name: "CommandLineKit"),
        .testTarget(name: "ADExpressionTests", dependencies: ["ADExpression", "DualTape"]),
        .testTarget(name: "CommandLineKitTests", dependencies: ["CommandLineKit"]),

        // Property-based testing of derivatives: seeded generators, shrinking, expression
        // trees over the catalog, and checks users run on their own operators (Apache-2.0).
        .target(name: "DualTapeTesting", dependencies: ["DualTape"]),
        // The suite's oracle property also uses the GSL oracle; the library itself links no GPL code.
        .testTarget(name: "DualTapeTestingTests", dependencies: ["DualTapeTesting", "DualTape", "DualTapeOracle"]),

        // Cross-checks against real MXNet 1.9.1, PyTorch and JAX: the committed reference
        // files in Validation/references, made by the scripts in Validation/peers.
        .testTarget(
            name: "ValidationTests",
            dependencies: ["DualTape"],
            path: "Validation",
            exclude: ["peers", "README.md"],
            sources: ["Tests"],
            resources: [.copy("references")]
        ),

        // GSL-backed numerical differentiation and gradient checks (GPL-3.0-or-later: links GSL).
        .target(name: "DualTapeOracle", dependencies: ["DualTape", "CGSL"]),
        .testTarget(name: "DualTapeOracleTests", dependencies: ["DualTapeOracle", "DualTape"]),

        // The adcheck tool (GPL-3.0-or-later: links GSL through DualTapeOracle). Its logic is the
        // library target ADCheckCore, so tests run it in-process; the executable only calls it.
        .target(name: "ADCheckCore", dependencies: ["ADExpression", "CommandLineKit", "DualTape", "DualTapeOracle", "DualTapeTesting"]),
        .executableTarget(name: "adcheck", dependencies: ["ADCheckCore"]),
        .testTarget(name: "ADCheckTests", dependencies: ["ADCheckCore", "ADExpression", "DualTape", "DualTapeOracle", "DualTapeTesting"]),

        // The articles' code (Sources/*/*.docc): every swift block of an article is a snippet
        // region of these tests, compiled and run, and its printed output is checked.
        .testTarget(name: "ArticleTests", dependencies: ["DualTape", "DualTapeOracle", "DualTapeTesting"]),

        .testTarget(
            name: "DualTapeTests",
            dependencies: ["DualTape", "CBLAS"],
            resources: [.copy("Golden")]
        ),
    ]
)
