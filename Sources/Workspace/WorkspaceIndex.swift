// Longer than the ~400 lines files aim for: the index's tables (documents,
// entity graph, surface readings, counts) are private and kept consistent by
// the methods in this file; moving them apart would mean opening the tables
// to other files. Queries and corrections live in extensions elsewhere.
import Extraction
import Foundation
import Store

/// A document in the index: its text (the editor's when open), what
/// extraction found, and a version that changes with every new text.
public struct IndexedDocument: Sendable {
  public var path: String
  public var text: String
  public var mentions: [Mention]
  /// Where analyst rejections stopped a mention (for undo).
  public var rejected: [RejectedSpan] = []
  public var isOpen: Bool
  public var inCorpus: Bool
  /// Bumped on every change; lets callers cache derived data (line indexes).
  public var revision: Int
  /// The reader generation these mentions are valid for: always the
  /// index's `readerGeneration` between two worker tasks (the invariant
  /// `isConsistent` checks).
  public var readerGeneration: Int
  /// What the published extractor read before the corrections pass, when
  /// the pass changed it (nil: the same as `mentions`).
  var ruleMentions: [Mention]?
  /// The document's words, hashed and sorted (`Extractor.wordKeys`): which
  /// corrections can change its reading.
  var words: [UInt32]
}

/// A mention somewhere in the workspace.
public struct MentionRef: Sendable, Equatable {
  public var path: String
  public var mention: Mention
}

/// The workspace's documents, their extraction results and the entity graph
/// built from them, with the queries the editor features need. Offsets are
/// Unicode scalar offsets; nothing here knows LSP.
///
/// Confined to one thread (the server's worker): every method runs there.
/// Corpus loading, the expensive part, runs elsewhere through
/// `WorkspaceIndex.load` and is installed with `install`.
public final class WorkspaceIndex: @unchecked Sendable {
  public let store: AnnotationStore?
  /// The rules of the published reader.
  public var rules: RuleSet { recipe.rules }
  /// The published reader: the rules and the corrections every document's
  /// mentions were read with (see `ReaderGenerations.swift`).
  public internal(set) var reader: DocumentReader
  /// What the published reader was built from.
  public internal(set) var recipe: ReaderRecipe
  /// Bumped each time a new reader is published (with every document read
  /// again that it can change, in the same worker task).
  public internal(set) var readerGeneration = 0
  /// The reader the index is moving to (the latest rules, corrections and
  /// threshold); equal to `recipe` once every re-reading has been installed.
  public internal(set) var wanted: ReaderRecipe
  /// Indexing results read with an older reader, waiting to be read again.
  var pendingLoaded: [DocumentResult] = []
  /// The re-reading in flight (at most one).
  var running: RereadJob?
  /// Stale results found at install (read under an older generation, read again).
  public internal(set) var staleInstalls = 0
  public var extractor: Extractor { reader.extractor }
  public private(set) var ruleProblems: [StoreProblem] = []
  public internal(set) var documents: [String: IndexedDocument] = [:]
  /// The correction log as last read, with line numbers, and its problems.
  public internal(set) var correctionRecords: [(Int, CorrectionRecord)] = []
  public internal(set) var correctionProblems: [StoreProblem] = []
  /// entity id → document path → indexes into that document's mentions.
  private var entityMentions: [String: [String: [Int32]]] = [:]
  /// Per entity: counts kept up to date on every change, so hover on an
  /// entity with 100,000 mentions costs no scan; `version` keys the caches.
  struct EntityStats {
    var mentions = 0
    var labels: [EntityLabel: Int] = [:]
    var surfaces: [String: Int] = [:]
    var version = 0
  }
  private var stats: [String: EntityStats] = [:]
  private var statsVersion = 0
  /// Per entity and document: the mention with the most words there (the
  /// first of them), and per entity the document holding the overall best —
  /// kept incrementally so finding a definition needs no scan of the corpus.
  private var bestByPath: [String: [String: (words: Int, index: Int32)]] = [:]
  private var definitionHolder: [String: (words: Int, path: String)] = [:]
  var summaryCache: [String: (version: Int, summary: EntitySummary)] = [:]
  private var companionCache: [String: (version: Int, companions: [(id: String, documents: Int)])] = [:]

  /// Surface form (as written) → (label, entity) readings → how many mentions read it so.
  private var surfaces: [String: [SurfaceReading: Int]] = [:]
  /// Folded surface form → the forms as written, for counting what a
  /// correction would reach without a scan of the corpus.
  private var foldedSurfaces: [String: Set<String>] = [:]
  /// Reaches of corrections not yet made, by what they would do, valid for
  /// one `generation`: an editor asks for code actions at every cursor move.
  var reachCache: [String: (generation: Int, mentions: Int, documents: Int)] = [:]
  var revisionCounter = 0
  /// Bumped whenever any document's mentions change.
  public private(set) var generation = 0

  public init(store: AnnotationStore?) {
    self.store = store
    if let store {
      let (loaded, problems) = CorrectionLog(files: store.files).load()
      correctionRecords = loaded.map { ($0.line, $0.record) }
      correctionProblems = problems
      let (rules, ruleProblems) = store.ruleSet()
      self.ruleProblems = ruleProblems
      recipe = ReaderRecipe(rules: rules, records: correctionRecords.map { (line: $0.0, record: $0.1) })
    } else {
      recipe = ReaderRecipe(rules: .builtIn, records: [])
    }
    wanted = recipe
    reader = recipe.build()
  }

  // MARK: Loading and updating

  /// Reads and extracts the corpus (on every core). Safe to call from any
  /// thread: it touches no index state.
  public static func load(
    store: AnnotationStore, reader: DocumentReader, progress: (@Sendable (Int, Int) -> Void)? = nil
  ) -> (documents: [DocumentResult], problems: [StoreProblem]) {
    let (settings, settingsProblems) = store.settings()
    let paths = store.corpusPaths(settings)
    let batch = BatchExtraction.run(paths: paths, store: store, reader: reader, words: true, progress: progress)
    return (batch.documents, settingsProblems + batch.problems)
  }

  /// Adds corpus documents loaded with the reader of `generation`; open
  /// documents keep the editor's text. Results read with an older reader
  /// (a correction or a rules change arrived while they were read), or
  /// arriving while a re-reading runs, are not installed as they are: they
  /// wait in `pendingLoaded` for the next re-reading (`nextJob`), which
  /// reads them again with the reader then wanted. Returns whether they
  /// were installed now.
  @discardableResult
  public func install(_ loaded: [DocumentResult], generation: Int) -> Bool {
    guard generation == readerGeneration, running == nil, isCurrent, pendingLoaded.isEmpty else {
      if generation != readerGeneration { staleInstalls += 1 }
      pendingLoaded += loaded
      return false
    }
    installLoaded(loaded, generation: readerGeneration)
    return true
  }

  /// Loaded documents in, where the index holds no newer text of them: a
  /// document already there was opened, or read from disk again (the disk
  /// check, a watched-file event) after the corpus was read.
  func installLoaded(_ loaded: [DocumentResult], generation: Int) {
    for result in loaded {
      if let document = documents[result.path] {
        if document.isOpen { documents[result.path]?.inCorpus = true }  // back to the disk's text when closed
        continue
      }
      set(result, isOpen: false, inCorpus: true, generation: generation)
    }
  }

  /// Reads a document with the published reader (on the worker: one document).
  func read(_ text: String, path: String) -> DocumentResult { reader.read(text, path: path, words: true) }

  /// A document the editor opened or changed: its text wins over the disk's.
  public func update(path: String, text: String, isOpen: Bool = true) {
    let inCorpus = documents[path]?.inCorpus ?? false
    set(read(text, path: path), isOpen: isOpen, inCorpus: inCorpus)
  }

  /// The editor closed a document: a corpus document goes back to the disk's
  /// text (read again); any other is forgotten.
  public func close(path: String) {
    guard let document = documents[path] else { return }
    if document.inCorpus, let store, case .success(let text) = store.files.readText(path) {
      set(read(text, path: path), isOpen: false, inCorpus: true)
    } else if document.inCorpus {
      documents[path]?.isOpen = false
    } else {
      remove(path)
    }
  }

  /// A corpus file changed, appeared or disappeared on disk.
  public func reloadFromDisk(path: String) {
    guard let store, documents[path]?.isOpen != true else { return }
    switch store.files.readText(path) {
    case .success(let text):
      set(read(text, path: path), isOpen: false, inCorpus: true)
    case .failure: remove(path)
    }
  }

  public func remove(_ path: String) {
    guard let old = documents.removeValue(forKey: path) else { return }
    relink(path, old: old.mentions, new: [])
  }

  /// Replaces the rules (workspace rules or the knowledge base changed):
  /// every document is read again, in the background (`nextJob`).
  public func replaceRules(_ rules: RuleSet, problems: [StoreProblem]) {
    self.ruleProblems = problems
    wanted.rules = rules
    wanted.rulesVersion = max(wanted.rulesVersion, recipe.rulesVersion) + 1
    cancelRunningIfOutdated()
  }

  /// Hides tagger mentions less confident than `threshold` (0–1): every
  /// document is read again, in the background (`nextJob`).
  public func setMinimumConfidence(_ threshold: Float) {
    guard threshold != wanted.minimumConfidence else { return }
    wanted.minimumConfidence = threshold
    cancelRunningIfOutdated()
  }

  /// Puts a document's reading in the index. `generation`: the reader
  /// generation it was read with (default: the published one).
  func set(_ result: DocumentResult, isOpen: Bool, inCorpus: Bool, generation: Int? = nil) {
    let path = result.path
    let previous = documents[path]
    revisionCounter += 1
    documents[path] = IndexedDocument(
      path: path, text: result.text, mentions: result.mentions, rejected: result.rejected, isOpen: isOpen,
      inCorpus: inCorpus, revision: revisionCounter, readerGeneration: generation ?? readerGeneration,
      ruleMentions: result.ruleMentions, words: result.words)
    relink(path, old: previous?.mentions ?? [], new: result.mentions)
  }

  /// The same (entity, surface, label) in a document: what the counts and
  /// the surface readings are kept by.
  private struct Reading: Hashable {
    var entity: String
    var text: String
    var label: EntityLabel
  }

  /// Moves a document's contribution to the entity graph from its old
  /// mentions to its new ones. A keystroke changes few of them, so the
  /// shared tables get only the differences; the per-document lists are
  /// rebuilt.
  private func relink(_ path: String, old: [Mention], new: [Mention]) {
    if Self.sameReadings(old, new) {
      // Typing between names: the same readings in the same places; only
      // what the document says of its entities (first mention, lines) moved.
      statsVersion += 1
      for m in new where m.layer == .core { if let entity = m.entity { stats[entity]?.version = statsVersion } }
      generation += 1
      return
    }
    var delta: [Reading: Int] = [:]
    var oldEntities = Set<String>()
    for m in old where m.layer == .core {
      guard let entity = m.entity else { continue }
      oldEntities.insert(entity)
      delta[Reading(entity: entity, text: m.text, label: m.label), default: 0] -= 1
    }
    var lists: [String: [Int32]] = [:]
    var best: [String: (words: Int, index: Int32)] = [:]
    for (i, m) in new.enumerated() where m.layer == .core {
      guard let entity = m.entity else { continue }
      delta[Reading(entity: entity, text: m.text, label: m.label), default: 0] += 1
      lists[entity, default: []].append(Int32(i))
      let words = m.text.utf8.reduce(1) { $1 == 0x20 ? $0 + 1 : $0 }
      if words > best[entity]?.words ?? 0 { best[entity] = (words, Int32(i)) }
    }
    for (reading, change) in delta where change != 0 {
      count(reading, change)
      let key = SurfaceReading(label: reading.label, entity: reading.entity)
      let isNew = surfaces[reading.text] == nil
      let remaining = modify(&surfaces[reading.text, default: [:]]) { readings in
        readings[key, default: 0] += change
        if readings[key]! <= 0 { readings[key] = nil }
        return readings.count
      }
      if remaining == 0 {
        surfaces[reading.text] = nil
        let folded = Folding.key(reading.text)
        foldedSurfaces[folded]?.remove(reading.text)
        if foldedSurfaces[folded]?.isEmpty == true { foldedSurfaces[folded] = nil }
      } else if isNew {
        foldedSurfaces[Folding.key(reading.text), default: []].insert(reading.text)
      }
    }
    // Whatever this document says of an entity may have changed (its first
    // mention, titles, canonical name): the entity's caches go stale.
    statsVersion += 1
    for entity in oldEntities.union(lists.keys) { stats[entity]?.version = statsVersion }
    // Per-document lists and each entity's best mention here.
    for entity in oldEntities where lists[entity] == nil {
      entityMentions[entity]?[path] = nil
      if entityMentions[entity]?.isEmpty == true { entityMentions[entity] = nil }
      bestByPath[entity]?[path] = nil
      if bestByPath[entity]?.isEmpty == true { bestByPath[entity] = nil }
      // The defining document changed: found again on the next query.
      if definitionHolder[entity]?.path == path { definitionHolder[entity] = nil }
    }
    for (entity, list) in lists {
      entityMentions[entity, default: [:]][path] = list
      let b = best[entity]!
      let previous = bestByPath[entity]?[path]
      bestByPath[entity, default: [:]][path] = b
      if let holder = definitionHolder[entity] {
        if holder.path == path && previous.map({ b.words < $0.words }) ?? false {
          definitionHolder[entity] = nil  // this document's best got worse: found again on the next query
        } else if b.words > holder.words || (b.words == holder.words && path < holder.path) {
          definitionHolder[entity] = (b.words, path)
        }
      } else if bestByPath[entity]?.count == 1 {
        definitionHolder[entity] = (b.words, path)
      }
    }
    generation += 1
  }

  /// Whether two mention lists hold the same readings in the same order
  /// (offsets aside): then counts, per-document lists and best mentions
  /// are all unchanged.
  private static func sameReadings(_ old: [Mention], _ new: [Mention]) -> Bool {
    guard old.count == new.count, !old.isEmpty else { return false }
    for i in old.indices {
      let a = old[i]
      let b = new[i]
      if a.layer != b.layer || a.label != b.label || a.entity != b.entity || a.text != b.text { return false }
    }
    return true
  }

  /// Updates an entity's counts in place (a copy out of the dictionary
  /// would copy its tables on every change).
  /// (The entity's `version` is bumped by `relink`, once per document change.)
  private func count(_ reading: Reading, _ delta: Int) {
    let remaining = modify(&stats[reading.entity, default: EntityStats()]) { s in
      s.mentions += delta
      s.labels[reading.label, default: 0] += delta
      if s.labels[reading.label] == 0 { s.labels[reading.label] = nil }
      s.surfaces[reading.text, default: 0] += delta
      if s.surfaces[reading.text] == 0 { s.surfaces[reading.text] = nil }
      return s.mentions
    }
    if remaining <= 0 { stats[reading.entity] = nil }
  }

  // MARK: Queries

  /// The linked mentions whose surface form folds to `key`, as indexes
  /// into each document's mentions (with other mentions of the same
  /// entities, which the caller filters); nil when no entity has that form
  /// (it may still be a date).
  func mentions(withSurface key: String) -> [String: [Int32]]? {
    guard let forms = foldedSurfaces[key] else { return nil }
    var entities = Set<String>()
    for form in forms { entities.formUnion(surfaces[form]?.keys.map(\.entity) ?? []) }
    var out: [String: [Int32]] = [:]
    for entity in entities {
      for (path, indexes) in entityMentions[entity] ?? [:] { out[path, default: []] += indexes }
    }
    return out
  }

  /// The core mention covering `offset` (end inclusive, so a cursor just
  /// after a name still finds it), else a title mention there.
  public func mention(at offset: Int, in path: String) -> Mention? {
    guard let mentions = documents[path]?.mentions else { return nil }
    var low = 0
    var high = mentions.count
    while low < high {
      let mid = (low + high) / 2
      if mentions[mid].start <= offset { low = mid + 1 } else { high = mid }
    }
    // Candidates start at or before offset; the nearest ones are just before `low`.
    var best: Mention?
    var i = low - 1
    while i >= 0 && i >= low - 8 {
      let m = mentions[i]
      if m.start <= offset && offset <= m.end {
        if m.layer == .core { return m }
        if best == nil { best = m }
      }
      i -= 1
    }
    return best
  }

  /// Every mention of an entity, in corpus order (by path, then offset).
  public func references(_ entity: String) -> [MentionRef] {
    guard let byPath = entityMentions[entity] else { return [] }
    var out: [MentionRef] = []
    for path in byPath.keys.sorted() {
      guard let mentions = documents[path]?.mentions else { continue }
      for i in byPath[path]! { out.append(MentionRef(path: path, mention: mentions[Int(i)])) }
    }
    return out
  }

  /// The first mention in corpus order.
  public func firstMention(_ entity: String) -> MentionRef? {
    guard let byPath = entityMentions[entity], let path = byPath.keys.min(), let index = byPath[path]?.first,
      let mention = documents[path]?.mentions[Int(index)]
    else { return nil }
    return MentionRef(path: path, mention: mention)
  }

  /// The defining mention: the first in corpus order among those with the
  /// fullest name (most words), e.g. `Mark Esper` before a later `Esper`.
  public func definition(_ entity: String) -> MentionRef? {
    if !correctionRecords.isEmpty, let pinned = pinned(entity) { return pinned }
    if definitionHolder[entity] == nil {
      guard let candidates = bestByPath[entity] else { return nil }
      var found: (words: Int, path: String)?
      for (path, b) in candidates {
        if let f = found, b.words < f.words || (b.words == f.words && path > f.path) { continue }
        found = (b.words, path)
      }
      definitionHolder[entity] = found
    }
    guard let holder = definitionHolder[entity], let b = bestByPath[entity]?[holder.path],
      let mention = documents[holder.path]?.mentions[Int(b.index)]
    else { return nil }
    return MentionRef(path: holder.path, mention: mention)
  }

  /// Title mentions that name the entity (from its first documents).
  public func titles(_ entity: String) -> [String] {
    guard let byPath = entityMentions[entity] else { return [] }
    var seen: [String] = []
    for path in byPath.keys.sorted().prefix(50) {
      guard let document = documents[path] else { continue }
      for m in document.mentions where m.layer == .title && m.entity == entity && !seen.contains(m.text) {
        seen.append(m.text)
      }
      if seen.count >= 6 { break }
    }
    return seen
  }

  /// What the index knows of an entity, summarised. Cached until a
  /// document mentioning the entity changes.
  public func summary(_ entity: String) -> EntitySummary? {
    guard let s = stats[entity] else { return nil }
    if let cached = summaryCache[entity], cached.version == s.version { return cached.summary }
    guard let definition = self.definition(entity) else { return nil }
    let label = s.labels.max { $0.value < $1.value || ($0.value == $1.value && $0.key > $1.key) }!.key
    let known = rules.entities[entity]
    let name = renamed(entity) ?? known?.name ?? definition.mention.canonicalName ?? definition.mention.text
    let aliases = s.surfaces.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.map(\.key).filter { $0 != name }
    let summary = EntitySummary(
      // A knowledge-base description only while the entity is still of its kind (not once retyped).
      id: entity, label: label, name: name, aliases: aliases,
      description: known?.label == label ? known?.description : nil,
      titles: titles(entity), mentions: s.mentions, documents: entityMentions[entity]?.count ?? 0,
      definition: definition, source: definition.mention.rule)
    summaryCache[entity] = (s.version, summary)
    return summary
  }

  /// The entities that share documents with this one, most shared first.
  public func companions(_ entity: String, limit: Int = 5) -> [(id: String, documents: Int)] {
    guard let byPath = entityMentions[entity], let version = stats[entity]?.version else { return [] }
    if let cached = companionCache[entity], cached.version == version { return cached.companions }
    var counts: [String: Int] = [:]
    for path in byPath.keys.sorted().prefix(200) {
      guard let mentions = documents[path]?.mentions else { continue }
      var seen = Set<String>()
      for m in mentions where m.layer == .core {
        if let other = m.entity, other != entity, seen.insert(other).inserted { counts[other, default: 0] += 1 }
      }
    }
    let result = counts.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.prefix(limit).map { ($0.key, $0.value) }
    companionCache[entity] = (version, result)
    return result
  }

  /// Entities whose name or a surface form matches the query: folded
  /// (`vinh` finds `Nguyễn Chí Vịnh`), then by prefix of a word, then as a
  /// subsequence (fuzzy).
  public func search(_ query: String, limit: Int = 100) -> [EntitySummary] {
    let q = Folding.key(query)
    var scored: [(Int, String)] = []
    for (id, byPath) in entityMentions {
      guard let path = byPath.keys.min(), let index = byPath[path]?.first,
        let mention = documents[path]?.mentions[Int(index)]
      else { continue }
      let name = rules.entities[id]?.name ?? mention.canonicalName ?? mention.text
      let key = Folding.key(name)
      let score: Int
      if q.isEmpty {
        score = 3
      } else if key == q {
        score = 0
      } else if key.hasPrefix(q) || key.split(separator: " ").contains(where: { $0.hasPrefix(q) }) {
        score = 1
      } else if key.contains(q) {
        score = 2
      } else if Self.isSubsequence(q, of: key) {
        score = 3
      } else {
        continue
      }
      scored.append((score, id))
    }
    scored.sort { $0 < $1 }
    return scored.prefix(limit).compactMap { summary($0.1) }
  }

  static func isSubsequence(_ needle: String, of haystack: String) -> Bool {
    var it = haystack.makeIterator()
    for c in needle where c != " " {
      while true {
        guard let h = it.next() else { return false }
        if h == c { break }
      }
    }
    return true
  }
}

/// One way a surface form was read: as which label and which entity.
public struct SurfaceReading: Hashable, Sendable {
  public var label: EntityLabel
  public var entity: String
}

/// Something worth the analyst's attention in a document, at a span.
public struct Finding: Sendable, Equatable {
  public enum Kind: String, Sendable {
    case ambiguous, disagreement
  }
  public var kind: Kind
  public var start: Int
  public var end: Int
  public var message: String
}

extension WorkspaceIndex {
  /// Mentions whose surface form is read as several entities (ambiguous) or
  /// with several labels (the rules disagree) across the workspace; one
  /// finding per surface form and document, never one per entity.
  public func findings(in path: String) -> [Finding] {
    guard let document = documents[path] else { return [] }
    var seen = Set<String>()
    var out: [Finding] = []
    for m in document.mentions where m.layer == .core && m.entity != nil {
      let key = m.text
      guard let readings = surfaces[key], readings.count > 1, seen.insert(key).inserted else { continue }
      let entities = Set(readings.keys.map(\.entity))
      let labels = Set(readings.keys.map(\.label))
      if entities.count > 1 {
        let list = readings.sorted { $0.value > $1.value }.map { "\($0.key.entity) (\($0.value))" }
        out.append(
          Finding(
            kind: .ambiguous, start: m.start, end: m.end,
            message: "“\(m.text)” names \(entities.count) entities in this workspace: \(list.joined(separator: ", "))"))
      } else if labels.count > 1 {
        var byLabel: [EntityLabel: Int] = [:]
        for (reading, count) in readings { byLabel[reading.label, default: 0] += count }
        let list = byLabel.sorted { $0.value > $1.value }.map { "\($0.key.rawValue) (\($0.value))" }
        out.append(
          Finding(
            kind: .disagreement, start: m.start, end: m.end,
            message: "the rules label “\(m.text)” differently across the workspace: \(list.joined(separator: ", "))"))
      }
    }
    return out
  }
}

/// An entity as the editor shows it.
public struct EntitySummary: Sendable {
  public var id: String
  public var label: EntityLabel
  public var name: String
  public var aliases: [String]
  public var description: String?
  public var titles: [String]
  public var mentions: Int
  public var documents: Int
  public var definition: MentionRef
  public var source: RuleRef
}

/// Mutates a value in place through `body` (keeps a dictionary entry unique
/// while it changes).
@inline(__always)
private func modify<T, R>(_ value: inout T, _ body: (inout T) -> R) -> R { body(&value) }
