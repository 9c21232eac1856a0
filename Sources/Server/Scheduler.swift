import Dispatch
import Extraction
import JSON

/// Where background work runs and how its results return to the worker.
public struct Scheduler: Sendable {
  public var background: @Sendable (@escaping @Sendable () -> Void) -> Void
  public var worker: @Sendable (@escaping @Sendable () -> Void) -> Void

  public init(
    background: @escaping @Sendable (@escaping @Sendable () -> Void) -> Void,
    worker: @escaping @Sendable (@escaping @Sendable () -> Void) -> Void
  ) {
    self.background = background
    self.worker = worker
  }

  /// Everything inline, on the caller's thread: deterministic for tests.
  public static let synchronous = Scheduler(background: { $0() }, worker: { $0() })

  /// Background work on the global queues, results on `queue` (the worker).
  public static func dispatch(worker queue: DispatchQueue) -> Scheduler {
    Scheduler(
      background: { work in DispatchQueue.global(qos: .userInitiated).async(execute: work) },
      worker: { work in queue.async(execute: work) })
  }
}

/// Settings the client can change (`initializationOptions`,
/// `workspace/configuration` and `workspace/didChangeConfiguration`, section `gloss`).
struct ServerSettings: Equatable {
  /// `gloss.inlayHints`: name each entity's kind at every mention.
  var inlayHints = false
  /// `gloss.author`: the name corrections are recorded under.
  var author: String?
  /// `gloss.minConfidence`: tagger mentions less confident than this (0–1) are hidden.
  var minConfidence = Double(Extractor.defaultMinimumConfidence)
  /// `gloss.codeLens`: a lens over each entity's first mention in a document
  /// and the document's review queue; off by default.
  var codeLens = false

  /// Reads `{"inlayHints": …}`, `{"gloss": {…}}` or `{"gloss.inlayHints": …}`.
  mutating func apply(_ value: JSONValueReader) {
    if let b = value.bool("inlayHints") { inlayHints = b }
    if let a = value.string("author") { author = a }
    if let b = value.bool("codeLens") { codeLens = b }
    if let c = value.lookup("minConfidence")?.doubleValue, (0...1).contains(c) { minConfidence = c }
  }
}

/// Looks a setting up under its plain, nested and dotted names.
struct JSONValueReader {
  let value: JSONValue
  func lookup(_ key: String) -> JSONValue? {
    value[key] ?? value["gloss"]?[key] ?? value["gloss.\(key)"]
  }
  func bool(_ key: String) -> Bool? { lookup(key)?.boolValue }
  func string(_ key: String) -> String? { lookup(key)?.stringValue }
}
