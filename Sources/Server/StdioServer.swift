import Dispatch
import Foundation
import JSON
import Protocol

#if canImport(Glibc)
  import Glibc
#endif

/// Runs a `LanguageServer` over stdin/stdout until `exit` or end of input.
public enum StdioServer {
  public static func run(logger: Logger, maxContentLength: Int) -> Never {
    // Keep a private descriptor for protocol bytes and point fd 1 at stderr,
    // so nothing printed by accident can corrupt the stream.
    let protocolOutput = dup(1)
    dup2(2, 1)
    signal(SIGPIPE, SIG_IGN)

    let connection = Connection(input: 0, output: protocolOutput, maxContentLength: maxContentLength)
    let worker = DispatchQueue(label: "gloss.worker")
    let server = LanguageServer(
      logger: logger, scheduler: .dispatch(worker: worker), output: { connection.send($0) },
      terminate: { code in exit(code) })
    connection.start { event in
      switch event {
      case .message(let message):
        if server.received(message) { worker.async { server.handle(message) } }
      case .malformed(let malformed): worker.async { server.handleMalformed(malformed) }
      case .framingProblem(let problem): worker.async { server.transportProblem(problem) }
      case .endOfInput: worker.async { server.endOfInput() }
      }
    }
    dispatchMain()
  }
}
