import Dispatch
import Extraction
import Store
import Synchronization

/// What a document reader is built from: the compiled rules (a new
/// `rulesVersion` each time they are compiled again), the correction log
/// (compiled into the `CorrectionSet`), the records the tagger was taught
/// from (`WorkspaceIndex.taggerLessons`) and the confidence threshold.
///
/// `taught` differs from `records` only in the reader published between the
/// two steps of a correction that teaches the tagger (see `RereadJob`):
/// there the corrections pass is the new log's, the tagger the old one's.
public struct ReaderRecipe: Sendable {
  public var rules: RuleSet
  public var rulesVersion = 0
  /// The correction log; setting it sets `taught` to it too.
  public var records: [(line: Int, record: CorrectionRecord)] { didSet { taught = records } }
  public var taught: [(line: Int, record: CorrectionRecord)]
  public var minimumConfidence: Float = Extractor.defaultMinimumConfidence

  init(rules: RuleSet, records: [(line: Int, record: CorrectionRecord)]) {
    self.rules = rules
    self.records = records
    self.taught = records
  }

  /// The reader, built from scratch: what a cold start on the same store builds.
  func build() -> DocumentReader {
    DocumentReader(rules: rules, records: records, minimumConfidence: minimumConfidence)
  }

  /// What the tagger learns from a log (nothing when there is no tagger).
  func lessons(_ records: [(line: Int, record: CorrectionRecord)]) -> [TaggerExample] {
    rules.tagger == nil ? [] : WorkspaceIndex.taggerLessons(records.map { ($0.line, $0.record) })
  }

  static func same(_ a: [(line: Int, record: CorrectionRecord)], _ b: [(line: Int, record: CorrectionRecord)]) -> Bool {
    a.count == b.count && zip(a, b).allSatisfy { $0.line == $1.line && $0.record == $1.record }
  }

  /// The same rules and threshold: a change between the two is one of
  /// corrections (and the tagger's lessons) only.
  func sameRules(_ other: ReaderRecipe) -> Bool {
    rulesVersion == other.rulesVersion && minimumConfidence == other.minimumConfidence
  }

  func same(_ other: ReaderRecipe) -> Bool {
    sameRules(other) && Self.same(records, other.records) && Self.same(taught, other.taught)
  }
}

/// A flag the worker sets and a background re-reading polls between batches.
public final class CancellationFlag: Sendable {
  private let value = Mutex(false)
  public init() {}
  public func cancel() { value.withLock { $0 = true } }
  public var isCancelled: Bool { value.withLock { $0 } }
}

/// One step from the published reader towards the wanted one: which
/// documents to read again and with what. Planned on the worker
/// (`WorkspaceIndex.nextJob`), run anywhere (`WorkspaceIndex.run`),
/// installed on the worker (`WorkspaceIndex.finish`), all in one worker
/// task, so no request sees part of it.
///
/// * **Corrections only** (`partial`): a correction changes a document only
///   where its phrase occurs (or in the document it was made in): the
///   documents holding every word of the phrase (`Extractor.wordKeys`) go
///   through the new corrections pass again, in parallel, over what the
///   published extractor read in them (`IndexedDocument.ruleMentions`: no
///   extraction); the others' readings are the same under both readers and
///   are carried over.
/// * **The tagger's lessons changed too**: a lesson can change how the
///   tagger reads a similar name in the same context anywhere, so two
///   steps: first the partial step above (the published tagger, the new
///   corrections: the correction shows within the partial step's time),
///   then a `full` step with the taught tagger.
/// * **Full** (rules, knowledge base, threshold or lessons changed): every
///   document is read again on one background thread, in batches of
///   `batchSize` that poll `cancelled` (a newer correction cancels it and
///   plans anew from the published state), leaving the other core to the
///   worker. Only documents whose reading changed are installed.
///
/// Indexing results read with an older reader (`pendingLoaded`) ride along
/// and are read again, in parallel.
public struct RereadJob: Sendable {
  public enum Kind: Sendable, Equatable { case partial, full }
  public let kind: Kind
  /// What the reader of this step is built from.
  let recipe: ReaderRecipe
  /// The published reader when planned (a partial step keeps its extractor).
  let base: DocumentReader
  /// The documents to read as they were when planned (a full step: the
  /// index's own dictionary, a copy-on-write copy).
  let documents: [String: IndexedDocument]
  /// The documents to read again (nil: all).
  public let paths: Set<String>?
  /// The changed corrections' phrases (hashed words) and the documents
  /// they were made in: which documents changed since planning a partial
  /// step must be read again at install.
  let phrases: [[UInt32]]
  let sources: Set<String>
  let loaded: [DocumentResult]
  /// Only loaded documents to read: the published reader serves.
  let reusesBase: Bool
  /// Revisions above this were made after planning.
  let startRevision: Int
  /// How much text the step reads (UTF-8 bytes): a small one can be read
  /// in the request that asked for it.
  public let bytes: Int
  public let cancelled = CancellationFlag()
  static let batchSize = 64
}

/// A step's reading: the reader and the documents whose mentions changed.
public struct RereadResult: Sendable {
  let job: RereadJob
  let reader: DocumentReader
  let changed: [DocumentResult]
  let loaded: [DocumentResult]
  /// How many documents were read, and how many of them read differently.
  public let documentsRead: Int
  public var documentsChanged: Int { changed.count }
  /// How long `run` took (building the reader and reading), in milliseconds.
  public let milliseconds: Double
}

/// What request handlers see: one reader generation and the documents'
/// revisions under it.
public struct IndexSnapshot: Sendable, Equatable {
  public var readerGeneration: Int
  public var revisions: [String: Int]
}

extension WorkspaceIndex {
  /// Whether the published reader is the wanted one and nothing waits to be read.
  public var isCurrent: Bool { recipe.same(wanted) }

  /// Nothing running and nothing to do.
  public var isSettled: Bool { running == nil && isCurrent && pendingLoaded.isEmpty }

  /// The invariant: every document's mentions are valid for the published
  /// reader generation (between two worker tasks; installs are single tasks).
  public var isConsistent: Bool { documents.values.allSatisfy { $0.readerGeneration == readerGeneration } }

  public var snapshot: IndexSnapshot {
    IndexSnapshot(readerGeneration: readerGeneration, revisions: documents.mapValues(\.revision))
  }

  /// A newer wanted reader makes a running full step pointless: it is
  /// cancelled, and the next step is planned from the published state.
  func cancelRunningIfOutdated() {
    guard let running, running.kind == .full, !running.recipe.same(wanted) else { return }
    running.cancelled.cancel()
  }

  /// The next step towards the wanted reader, marked as running; nil when
  /// one is running or there is nothing to do.
  public func nextJob() -> RereadJob? {
    guard running == nil, !isCurrent || !pendingLoaded.isEmpty else { return nil }
    var step = wanted
    var kind = RereadJob.Kind.full
    var paths: Set<String>?
    var phrases: [[UInt32]] = []
    var sources = Set<String>()
    if isCurrent {
      // Only loaded documents to read again, with the published reader.
      step = recipe
      kind = .partial
      paths = []
    } else if recipe.sameRules(wanted), !ReaderRecipe.same(recipe.records, wanted.records) {
      let taughtAlike = recipe.lessons(recipe.taught) == wanted.lessons(wanted.records)
      step.taught = taughtAlike ? wanted.records : recipe.taught
      kind = .partial
      (phrases, sources) = changedPhrases(from: recipe.records, to: wanted.records)
      paths = documents(holdingAnyOf: phrases, or: sources)
    }
    var targets = documents
    if let paths { targets = Dictionary(uniqueKeysWithValues: paths.compactMap { p in documents[p].map { (p, $0) } }) }
    let job = RereadJob(
      kind: kind, recipe: step, base: reader, documents: targets, paths: paths, phrases: phrases, sources: sources,
      loaded: pendingLoaded, reusesBase: isCurrent, startRevision: revisionCounter,
      bytes: targets.values.reduce(0) { $0 + $1.text.utf8.count } + pendingLoaded.reduce(0) { $0 + $1.text.utf8.count })
    pendingLoaded = []
    running = job
    return job
  }

  /// Reads what a step reads (any thread); nil when it was cancelled.
  public static func run(_ job: RereadJob) -> RereadResult? {
    let started = DispatchTime.now().uptimeNanoseconds
    let reader: DocumentReader
    if job.reusesBase {
      reader = job.base
    } else if job.kind == .partial {
      // The tagger's lessons are the published reader's: its extractor stays.
      reader = DocumentReader(
        extractor: job.base.extractor,
        corrections: CorrectionSet(records: job.recipe.records, extractor: job.base.extractor))
    } else {
      reader = job.recipe.build()
    }
    @Sendable func changed(_ document: IndexedDocument) -> DocumentResult? {
      // A partial step keeps the published extractor: only the corrections pass runs again.
      let result =
        job.kind == .partial
        ? reader.correct(document.ruleMentions ?? document.mentions, text: document.text, path: document.path)
        : reader.read(document.text, path: document.path, words: false)
      // A full step's extractor is new: what it read before the pass must be kept fresh too.
      guard
        result.mentions != document.mentions || result.rejected != document.rejected
          || (job.kind == .full && result.ruleMentions != document.ruleMentions)
      else { return nil }
      var kept = result
      kept.words = document.words
      return kept
    }
    var out: [DocumentResult] = []
    var read = job.loaded.count
    switch job.kind {
    case .partial:
      let targets = Array(job.documents.values)
      read += targets.count
      let slots = ResultSlots<DocumentResult>(count: targets.count)
      DispatchQueue.concurrentPerform(iterations: targets.count) { i in
        if let result = changed(targets[i]) { slots.set(i, result) }
      }
      out = slots.values.compactMap { $0 }
    case .full:
      read += job.documents.count
      var batch = 0
      for document in job.documents.values {
        batch += 1
        if batch % RereadJob.batchSize == 0, job.cancelled.isCancelled { return nil }
        if let result = changed(document) { out.append(result) }
      }
    }
    if job.cancelled.isCancelled { return nil }
    let loaded = BatchExtraction.run(texts: job.loaded.map { ($0.path, $0.text) }, reader: reader, words: true)
    return RereadResult(
      job: job, reader: reader, changed: out, loaded: loaded, documentsRead: read,
      milliseconds: Double(DispatchTime.now().uptimeNanoseconds - started) / 1e6)
  }

  /// Installs a step's reading on the worker, in one go: the new reader is
  /// published with the next generation, the documents whose reading
  /// changed are replaced, those edited since the step was planned are
  /// read again here with the new reader (a partial step: only those its
  /// phrases can change), and every document is stamped with the new
  /// generation. A cancelled step (nil) is dropped and its loaded
  /// documents wait for the next. Returns whether a reader was published.
  @discardableResult
  public func finish(_ result: RereadResult?, job: RereadJob) -> Bool {
    running = nil
    guard let result, !job.cancelled.isCancelled else {
      pendingLoaded = job.loaded + pendingLoaded
      return false
    }
    // Documents changed since planning (edits, disk reloads): read with the published reader.
    var edited: [String] = []
    for (path, document) in documents where document.revision > job.startRevision {
      if job.kind == .full || job.sources.contains(path)
        || job.phrases.contains(where: { Self.holds(document.words, $0) })
      {
        edited.append(path)
      }
    }
    reader = result.reader
    recipe = job.recipe
    readerGeneration += 1
    summaryCache = [:]  // names from the knowledge base, renames
    for document in result.changed {
      guard let current = documents[document.path], current.revision == job.documents[document.path]?.revision
      else { continue }
      set(document, isOpen: current.isOpen, inCorpus: current.inCorpus)
    }
    for path in edited {
      guard let current = documents[path] else { continue }
      set(read(current.text, path: path), isOpen: current.isOpen, inCorpus: current.inCorpus)
    }
    installLoaded(result.loaded, generation: readerGeneration)
    // In place, by index: no key is hashed, nothing is copied.
    var i = documents.values.startIndex
    while i != documents.values.endIndex {
      documents.values[i].readerGeneration = readerGeneration
      documents.values.formIndex(after: &i)
    }
    return true
  }

  /// Brings the index to the wanted reader here and now (batch use, tests).
  public func catchUp() {
    while let job = nextJob() { finish(Self.run(job), job: job) }
  }

  // MARK: Which documents a phrase can occur in

  /// The phrases (hashed words) and documents of the corrections in force
  /// in one log and not the other: where going from one to the other can
  /// change a reading. A phrase with no word reaches every document.
  func changedPhrases(
    from old: [(line: Int, record: CorrectionRecord)], to new: [(line: Int, record: CorrectionRecord)]
  ) -> (phrases: [[UInt32]], sources: Set<String>) {
    // By id: the line too (it is part of a correction's rule, shown on hover).
    func active(_ log: [(line: Int, record: CorrectionRecord)]) -> [String: (line: Int, record: CorrectionRecord)] {
      let ids = Set(CorrectionLog.active(log.map(\.record)).map(\.id))
      var out: [String: (line: Int, record: CorrectionRecord)] = [:]
      for entry in log where ids.contains(entry.record.id) { out[entry.record.id] = entry }
      return out
    }
    let before = active(old)
    let after = active(new)
    var phrases: [[UInt32]] = []
    var sources = Set<String>()
    for (id, entry) in before {
      if let other = after[id] {
        if other.line == entry.line && other.record == entry.record { continue }
        add(other.record)
      }
      add(entry.record)
    }
    for (id, entry) in after where before[id] == nil { add(entry.record) }
    func add(_ record: CorrectionRecord) {
      guard let target = record.target else { return }
      switch record.action {
      case .annotate, .reject, .retype, .link, .unlink:
        phrases.append(extractor.wordKeys(target.exact))
        sources.insert(target.source)
      case .rename, .pin, .remove: break
      }
    }
    return (phrases, sources)
  }

  /// The documents holding every word of one of the phrases, and those
  /// named. A scan of each document's sorted words (a binary search per
  /// word): about a millisecond for 10,000 documents, once per correction,
  /// where an inverted index (word → documents) would cost every install
  /// and keystroke its upkeep and ~40 MB more at that size.
  func documents(holdingAnyOf phrases: [[UInt32]], or sources: Set<String>) -> Set<String> {
    if phrases.contains(where: \.isEmpty) { return Set(documents.keys) }
    var out = Set(sources.filter { documents[$0] != nil })
    guard !phrases.isEmpty else { return out }
    for (path, document) in documents where phrases.contains(where: { Self.holds(document.words, $0) }) {
      out.insert(path)
    }
    return out
  }

  /// Whether a document's words include all of a phrase's (both sorted).
  static func holds(_ words: [UInt32], _ phrase: [UInt32]) -> Bool {
    guard !phrase.isEmpty else { return true }
    return phrase.allSatisfy { word in
      var low = 0
      var high = words.count
      while low < high {
        let mid = (low + high) / 2
        if words[mid] < word { low = mid + 1 } else { high = mid }
      }
      return low < words.count && words[low] == word
    }
  }
}
