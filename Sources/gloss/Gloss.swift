import ArgumentParser
import Server

@main
struct Gloss: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "gloss",
    abstract: "A language server for analysts who read the news.",
    version: LanguageServer.version,
    subcommands: [
      Serve.self, Check.self, Extract.self, ReportCommand.self, Corrections.self, Train.self, StoreStress.self,
    ],
    defaultSubcommand: nil)
}

struct Serve: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Speak the Language Server Protocol over stdin/stdout.")

  @Flag(help: "Use stdin/stdout (the default and only transport; accepted because many clients pass it).")
  var stdio = false

  @Option(help: "Least severe log level written to stderr and window/logMessage: error, warning, info, debug.")
  var logLevel: String = "info"

  @Option(help: "Largest accepted message body in bytes.")
  var maxContentLength: Int = 64 << 20

  func validate() throws {
    guard LogLevel(rawValue: logLevel) != nil else {
      throw ValidationError("--log-level must be one of error, warning, info, debug")
    }
    guard maxContentLength > 0 else { throw ValidationError("--max-content-length must be positive") }
  }

  func run() throws {
    StdioServer.run(
      logger: Logger(level: LogLevel(rawValue: logLevel)!), maxContentLength: maxContentLength)
  }
}
