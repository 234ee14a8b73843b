import CBLAS
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// OpenBLAS, opened at first use with kernels chosen for this CPU, and every routine DualTape
/// calls, looked up in it.
///
/// OpenBLAS built with DYNAMIC_ARCH (Debian's, Homebrew's) chooses its kernels once, in a
/// constructor that runs when the library is loaded, from the CPU's vendor, family and model.
/// A CPU it does not know gets a fallback: 0.3.21 runs 2004's Prescott (SSE3) kernels on a
/// cloud VM whose AVX-512 CPU reports a generic model, 6 times slower than SkylakeX's on a
/// 512×512 product. `OPENBLAS_CORETYPE` overrides the choice but is read by that constructor,
/// and a library linked at build time is loaded before any Swift code runs. So no target links
/// OpenBLAS; at first use DualTape
///
/// 1. reads the CPU's features with CPUID (`dualtape_read_cpu_features`, in the CBLAS target);
/// 2. unless the user set `OPENBLAS_CORETYPE` (never overridden), sets it to `SkylakeX` for
///    AVX-512 (F, CD, BW, DQ and VL, with the OS saving ZMM state) or `Haswell` for AVX2 and
///    FMA, and leaves any other CPU to OpenBLAS's own detection;
/// 3. opens OpenBLAS (`dlopen`, `RTLD_LOCAL`), then restores the environment as it was, so
///    that child processes see only the user's setting;
/// 4. looks up each routine in OpenBLAS's handle, never in the process's global scope: libgsl
///    pulls in GSL's reference CBLAS (15–30 times slower), which defines the same names.
///
/// `shared` is a global `let`: Swift initializes it once, thread-safely, on first access.
/// The `setenv` of step 2 happens then; like any `setenv`, it must not race with another
/// thread reading the environment, which in practice means: not during another library's
/// start-up. Loading fails with a message naming what to install.
struct OpenBLASLibrary: Sendable {
    /// The library, loaded on first access.
    static let shared = OpenBLASLibrary()

    /// The file that was opened (or found already open).
    let path: String
    /// Who chose the kernels.
    let coreTypeChoice: BLAS.CoreTypeChoice
    /// The kernels in use, `openblas_get_corename()`.
    let coreName: String
    /// The build configuration, `openblas_get_config()`.
    let buildConfiguration: String
    /// OpenBLAS's thread count when it was loaded (`OPENBLAS_NUM_THREADS`, or the core count).
    let threads: Int

    let dgemm: cblas_dgemm_fn, sgemm: cblas_sgemm_fn
    let dgemv: cblas_dgemv_fn, sgemv: cblas_sgemv_fn
    let setThreads: openblas_set_num_threads_fn, currentThreads: openblas_get_num_threads_fn
    let dgetrf: dgetrf_fn, sgetrf: sgetrf_fn, dgetrs: dgetrs_fn, sgetrs: sgetrs_fn, dgesv: dgesv_fn
    let dpotrf: dpotrf_fn, spotrf: spotrf_fn, dtrtrs: dtrtrs_fn, strtrs: strtrs_fn
    let dgeqrf: dgeqrf_fn, sgeqrf: sgeqrf_fn, dorgqr: dorgqr_fn, sorgqr: sorgqr_fn
    let dsyevd: dsyevd_fn, ssyevd: ssyevd_fn, dgesdd: dgesdd_fn, sgesdd: sgesdd_fn

    private init() {
        let (handle, path, choice) = Self.open()
        func symbol<F>(_ name: String, _: F.Type) -> F {
            guard let address = dlsym(handle, name) else {
                fatalError("DualTape: \(path) has no \(name): it is not an OpenBLAS with LAPACK (\(Self.installHint))")
            }
            return unsafeBitCast(address, to: F.self)
        }
        self.path = path
        coreTypeChoice = choice
        coreName = symbol("openblas_get_corename", openblas_get_corename_fn.self)().map { String(cString: $0) } ?? "unknown"
        buildConfiguration = symbol("openblas_get_config", openblas_get_config_fn.self)().map { String(cString: $0) } ?? "OpenBLAS"
        if buildConfiguration.contains("USE64BITINT") {
            fatalError("DualTape: \(path) is built with 64-bit integers (\(buildConfiguration)); DualTape calls the 32-bit interface (\(Self.installHint))")
        }
        currentThreads = symbol("openblas_get_num_threads", openblas_get_num_threads_fn.self)
        threads = Int(currentThreads())
        setThreads = symbol("openblas_set_num_threads", openblas_set_num_threads_fn.self)
        dgemm = symbol("cblas_dgemm", cblas_dgemm_fn.self)
        sgemm = symbol("cblas_sgemm", cblas_sgemm_fn.self)
        dgemv = symbol("cblas_dgemv", cblas_dgemv_fn.self)
        sgemv = symbol("cblas_sgemv", cblas_sgemv_fn.self)
        dgetrf = symbol("dgetrf_", dgetrf_fn.self)
        sgetrf = symbol("sgetrf_", sgetrf_fn.self)
        dgetrs = symbol("dgetrs_", dgetrs_fn.self)
        sgetrs = symbol("sgetrs_", sgetrs_fn.self)
        dgesv = symbol("dgesv_", dgesv_fn.self)
        dpotrf = symbol("dpotrf_", dpotrf_fn.self)
        spotrf = symbol("spotrf_", spotrf_fn.self)
        dtrtrs = symbol("dtrtrs_", dtrtrs_fn.self)
        strtrs = symbol("strtrs_", strtrs_fn.self)
        dgeqrf = symbol("dgeqrf_", dgeqrf_fn.self)
        sgeqrf = symbol("sgeqrf_", sgeqrf_fn.self)
        dorgqr = symbol("dorgqr_", dorgqr_fn.self)
        sorgqr = symbol("sorgqr_", sorgqr_fn.self)
        dsyevd = symbol("dsyevd_", dsyevd_fn.self)
        ssyevd = symbol("ssyevd_", ssyevd_fn.self)
        dgesdd = symbol("dgesdd_", dgesdd_fn.self)
        sgesdd = symbol("sgesdd_", sgesdd_fn.self)
    }

    /// The environment variable OpenBLAS reads to force a kernel set.
    static let coreTypeVariable = "OPENBLAS_CORETYPE"
    /// The environment variable that names the OpenBLAS file to open instead of searching.
    static let pathVariable = "DUALTAPE_OPENBLAS"

    /// The kernel set OpenBLAS should run on a CPU with `features`, and why; `nil` leaves the
    /// choice to OpenBLAS (a CPU without AVX2, or not x86-64).
    static func coreType(for features: dualtape_cpu_features) -> (name: String, reason: String)? {
        let f = features
        if f.avx512f && f.avx512cd && f.avx512bw && f.avx512dq && f.avx512vl && f.osSavesZMM {
            return ("SkylakeX", "the CPU has AVX-512")
        }
        if f.avx2 && f.fma && f.osSavesYMM { return ("Haswell", "the CPU has AVX2 and FMA") }
        return nil
    }

    /// Opens OpenBLAS after choosing its kernels: the handle, the file, who chose.
    private static func open() -> (UnsafeMutableRawPointer, String, BLAS.CoreTypeChoice) {
        let candidates = libraryCandidates()
        // Already in the process (another library linked it): its kernels were chosen then.
        for name in candidates {
            if let handle = dlopen(name, RTLD_NOW | RTLD_LOCAL | RTLD_NOLOAD) { return (handle, name, .alreadyLoaded) }
        }
        let user = getenv(coreTypeVariable).map { String(cString: $0) }
        let choice: BLAS.CoreTypeChoice
        if let user, !user.isEmpty {
            choice = .user(user)
        } else if let core = coreType(for: dualtape_read_cpu_features()) {
            choice = .dualTape(coreType: core.name, reason: core.reason)
            setenv(coreTypeVariable, core.name, 1)
        } else {
            choice = .openBLAS
        }
        defer {
            if case .dualTape = choice {
                if let user { setenv(coreTypeVariable, user, 1) } else { unsetenv(coreTypeVariable) }
            }
        }
        var failures: [String] = []
        for name in candidates {
            if let handle = dlopen(name, RTLD_NOW | RTLD_LOCAL) { return (handle, name, choice) }
            failures.append("  \(name): \(dlerror().map { String(cString: $0) } ?? "not found")")
        }
        fatalError("""
            DualTape: cannot load OpenBLAS, which it uses for matrix products and linear algebra. Tried:
            \(failures.joined(separator: "\n"))
            \(installHint)
            """)
    }

    /// What to install, for the fatal messages.
    static let installHint = """
        install OpenBLAS: `sudo apt-get install libopenblas0` (Debian, Ubuntu; or run \
        scripts/install-system-deps.sh), `sudo dnf install openblas` (Fedora), `brew install openblas` \
        (macOS); or set \(pathVariable) to the path of libopenblas
        """

    /// The files to try, in order: `DUALTAPE_OPENBLAS` alone when it is set; otherwise the
    /// soname through the dynamic loader's search (`LD_LIBRARY_PATH`, the ld.so cache: Debian's
    /// alternatives link, Fedora's, Arch's), then Debian's three OpenBLAS variants directly.
    static func libraryCandidates() -> [String] {
        if let path = getenv(pathVariable).map({ String(cString: $0) }), !path.isEmpty { return [path] }
        #if canImport(Darwin)
        return ["libopenblas.0.dylib", "libopenblas.dylib", "/opt/homebrew/opt/openblas/lib/libopenblas.dylib",
                "/usr/local/opt/openblas/lib/libopenblas.dylib"]
        #else
        #if arch(x86_64)
        let multiarch = "x86_64-linux-gnu"
        #elseif arch(arm64)
        let multiarch = "aarch64-linux-gnu"
        #else
        let multiarch = "linux-gnu"
        #endif
        return ["libopenblas.so.0", "libopenblas.so"]
            + ["openblas-pthread", "openblas-openmp", "openblas-serial"].map { "/usr/lib/\(multiarch)/\($0)/libopenblas.so.0" }
        #endif
    }
}
