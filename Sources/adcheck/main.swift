// adcheck: compares forward mode, reverse mode and the GSL numerical oracle on derivatives.
// SPDX-License-Identifier: GPL-3.0-or-later (links GSL through DualTapeOracle; see LICENSE-GPL)
import ADCheckCore
import Foundation

exit(runADCheck(Array(CommandLine.arguments.dropFirst()), stdout: StandardStream.output, stderr: StandardStream.error))
