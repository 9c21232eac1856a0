import Protocol
import Synchronization

/// Requests the client has sent and not yet had answered, and which of them
/// it cancelled. The transport's reader thread records both as messages
/// arrive, so a `$/cancelRequest` takes effect even while the worker is busy
/// with earlier messages; the worker consults it before and during a request.
public final class CancellationRegistry: Sendable {
  private struct State {
    var pending: Set<RequestID> = []
    var cancelled: Set<RequestID> = []
  }
  private let state = Mutex(State())

  public init() {}

  public func received(_ id: RequestID) {
    state.withLock { _ = $0.pending.insert(id) }
  }

  /// Marks a pending request cancelled; a cancel for an answered or unknown
  /// request is ignored (LSP allows cancels to race the answer).
  public func cancel(_ id: RequestID) {
    state.withLock { state in
      if state.pending.contains(id) { state.cancelled.insert(id) }
    }
  }

  public func isCancelled(_ id: RequestID) -> Bool {
    state.withLock { $0.cancelled.contains(id) }
  }

  public func finished(_ id: RequestID) {
    state.withLock { state in
      state.pending.remove(id)
      state.cancelled.remove(id)
    }
  }
}
