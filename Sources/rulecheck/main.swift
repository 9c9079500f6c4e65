import Foundation
import RulecheckCommands

let status = Driver.run(arguments: Array(CommandLine.arguments.dropFirst()), io: StandardIO())
exit(status)
