// SPDX-License-Identifier: GPL-3.0-or-later
import DualTape
import DualTapeOracle

/// One operator's row in `adcheck ops`: its report per order and its verdict per order and mode.
struct OperatorResult {
    /// One verdict of the row.
    struct Cell {
        let order: Int
        let mode: CheckMode
        let verdict: OperatorVerdict
    }

    let entry: CatalogEntry
    /// The reports of the orders checked, from order 1.
    let reports: [OperatorReport]
    /// Why an order could not be checked, if one could not.
    let error: String?
    let cells: [Cell]

    var passed: Bool { error == nil && cells.allSatisfy(\.verdict.passed) }

    /// Checks `entry` at every order of `settings` with `points` points per order.
    init(_ entry: CatalogEntry, points: Int, dtype: DType, settings: CheckSettings, progress: (Int) -> Void) {
        self.entry = entry
        var reports: [OperatorReport] = [], error: String?
        for order in settings.orders {
            progress(order)
            do {
                // Both eager modes always run (each point compares them); the compiled function
                // runs when its column is shown.
                let modes = settings.modes.union([.forward, .reverse])
                reports.append(try checkOperator(entry, points: points, dtype: dtype, order: order, seed: settings.seed,
                                                 options: settings.options, modes: modes))
            } catch let thrown {
                error = "order \(order) could not be checked: \(thrown)"
                break
            }
        }
        self.reports = reports
        self.error = error
        cells = settings.orders.flatMap { order in
            settings.sortedModes.map { mode in
                let verdict = order <= reports.count
                    ? OperatorVerdict(reports[order - 1], mode: mode, policy: settings.options.tolerance)
                    : OperatorVerdict.notChecked
                return Cell(order: order, mode: mode, verdict: verdict)
            }
        }
    }
}
