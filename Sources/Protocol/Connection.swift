import Foundation
import JSON
import Synchronization

#if canImport(Glibc)
  import Glibc
#endif

/// JSON-RPC over a pair of file descriptors (stdin/stdout for `gloss serve`,
/// pipes in tests).
///
/// Input is read with `read(2)` on a dedicated thread: `FileHandle.read(upToCount:)`
/// waits for the full count on Linux, which would hang a server. The thread
/// only frames and classifies; it never runs handlers, so reading never waits
/// on work. Output frames are written whole under a lock.
public final class Connection: Sendable {
  public enum Event: Sendable {
    case message(IncomingMessage)
    case malformed(IncomingMessage.Malformed)
    case framingProblem(String)
    case endOfInput
  }

  private let input: Int32
  private let output: Int32
  private let maxContentLength: Int
  private let writeLock = Mutex(())

  public init(input: Int32, output: Int32, maxContentLength: Int = 64 << 20) {
    self.input = input
    self.output = output
    self.maxContentLength = maxContentLength
  }

  /// Starts the reader thread; `onEvent` is called on it, in order.
  public func start(_ onEvent: @escaping @Sendable (Event) -> Void) {
    let input = self.input
    let limit = maxContentLength
    let thread = Thread {
      var parser = FrameParser(maxContentLength: limit)
      var chunk = [UInt8](repeating: 0, count: 64 * 1024)
      while true {
        let count = chunk.withUnsafeMutableBytes { read(input, $0.baseAddress, $0.count) }
        if count < 0 && errno == EINTR { continue }
        if count <= 0 { break }
        parser.append(chunk[0..<count])
        while let event = parser.next() {
          switch event {
          case .malformed(let problem): onEvent(.framingProblem(problem))
          case .message(let body):
            switch IncomingMessage.decode(body) {
            case .success(let message): onEvent(.message(message))
            case .failure(let malformed): onEvent(.malformed(malformed))
            }
          }
        }
      }
      onEvent(.endOfInput)
    }
    thread.name = "gloss-reader"
    thread.start()
  }

  public func send(_ message: JSONValue) {
    let bytes = FrameParser.frame(message.jsonText)
    writeLock.withLock { _ in
      bytes.withUnsafeBytes { buffer in
        var done = 0
        while done < buffer.count {
          let n = write(output, buffer.baseAddress! + done, buffer.count - done)
          if n < 0 && errno == EINTR { continue }
          if n <= 0 { return }  // the client is gone; end of input will follow
          done += n
        }
      }
    }
  }
}
