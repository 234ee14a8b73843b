/// The BLAS and LAPACK library behind matrix products and linear algebra: OpenBLAS, opened at
/// first use with kernels chosen for the CPU.
///
/// OpenBLAS picks its kernels when it is loaded and, on a CPU it does not recognize (cloud VMs
/// and containers often report a generic model), falls back to old SSE3 kernels that run a
/// 512×512 product 6 times slower. DualTape therefore loads it itself, after setting
/// `OPENBLAS_CORETYPE` from the CPU's features, unless you set that variable yourself:
///
///     print(BLAS.configuration)
///     // OpenBLAS 0.3.21, core SkylakeX (chosen by DualTape: the CPU has AVX-512), 2 threads
///
/// Set `OPENBLAS_CORETYPE` (e.g. `Haswell`) to choose the kernels, `OPENBLAS_NUM_THREADS` to
/// choose the thread count, and `DUALTAPE_OPENBLAS` to the path of a `libopenblas` to load
/// instead of the one the dynamic loader finds.
public enum BLAS {
    /// The library in use; reading it loads OpenBLAS if no operation has yet.
    public static var configuration: Configuration {
        let library = OpenBLASLibrary.shared
        return Configuration(
            coreName: library.coreName, coreTypeChoice: library.coreTypeChoice, buildConfiguration: library.buildConfiguration,
            libraryPath: library.path, threads: library.threads, singleThreadedWork: OpenBLASLibrary.singleThreadedWork)
    }

    /// Who chose the kernel set OpenBLAS runs.
    public enum CoreTypeChoice: Sendable, Equatable {
        /// You did, with `OPENBLAS_CORETYPE` (its value); DualTape never overrides it.
        case user(String)
        /// DualTape set `OPENBLAS_CORETYPE` to `coreType` from the CPU's features (`reason`
        /// says which), because OpenBLAS's own detection can miss them.
        case dualTape(coreType: String, reason: String)
        /// OpenBLAS detected the CPU itself: the CPU has no AVX2 (or is not x86-64), so there
        /// is no better kernel set for DualTape to ask for.
        case openBLAS
        /// OpenBLAS was already loaded when DualTape first needed it (another library in the
        /// process linked it), so its kernels were chosen then.
        case alreadyLoaded
    }

    /// What OpenBLAS reports about itself, and how DualTape uses it.
    public struct Configuration: Sendable, CustomStringConvertible {
        /// The kernel set in use, as `openblas_get_corename()` names it: `SkylakeX`, `Haswell`,
        /// `Zen`, `Prescott`, ...
        public let coreName: String
        /// Who chose the kernel set.
        public let coreTypeChoice: CoreTypeChoice
        /// OpenBLAS's build configuration, `openblas_get_config()`, such as
        /// `OpenBLAS 0.3.21 NO_LAPACKE DYNAMIC_ARCH NO_AFFINITY Cooperlake MAX_THREADS=64`.
        public let buildConfiguration: String
        /// The file that was loaded.
        public let libraryPath: String
        /// OpenBLAS's thread count for large products (`OPENBLAS_NUM_THREADS`, by default the
        /// number of cores).
        public let threads: Int
        /// Products with fewer multiply-adds than this (`m·n·k` for a matrix product) run on one
        /// thread, where a second one costs more than it saves.
        public let singleThreadedWork: Int

        /// `OpenBLAS 0.3.21`: the first two words of the build configuration.
        public var version: String {
            buildConfiguration.split(separator: " ").prefix(2).joined(separator: " ")
        }

        /// One line: the version, the kernels and who chose them, the threads.
        public var description: String {
            let choice = switch coreTypeChoice {
            case .user(let value): "set by OPENBLAS_CORETYPE=\(value)"
            case .dualTape(let core, let reason): core == coreName ? "chosen by DualTape: \(reason)"
                : "DualTape asked for \(core) (\(reason)), which this OpenBLAS does not provide"
            case .openBLAS: "detected by OpenBLAS"
            case .alreadyLoaded: "chosen when another library loaded OpenBLAS"
            }
            return "\(version), core \(coreName) (\(choice)), \(threads) thread\(threads == 1 ? "" : "s")"
        }
    }
}
