import Extraction
import Store

extension WorkspaceIndex {
  /// How many mentions, in how many documents, a correction not yet made
  /// would change, under the same policy the corrections pass applies: so
  /// code actions can say what “everywhere” means before the analyst
  /// chooses it.
  public func reach(of record: CorrectionRecord) -> (mentions: Int, documents: Int) {
    let target = record.target
    let memo = [
      record.action.rawValue, record.scope.rawValue, target?.source ?? "", "\(target?.start ?? 0)",
      "\(target?.end ?? 0)", record.body.label ?? "", record.body.entity ?? "", record.body.from ?? "",
    ].joined(separator: "\u{1F}")
    if let cached = reachCache[memo], cached.generation == generation { return (cached.mentions, cached.documents) }
    let found = count(record)
    if reachCache.count > 256 { reachCache.removeAll() }
    reachCache[memo] = (generation, found.mentions, found.documents)
    return found
  }

  private func count(_ record: CorrectionRecord) -> (mentions: Int, documents: Int) {
    guard let c = CorrectionSet.compile(record, line: 0, order: 0, extractor: extractor),
      let anchorDocument = documents[c.target.source]
    else { return (0, 0) }
    let anchor = Anchoring.locate(c.target, in: anchorDocument.text)
    // The mentions that may read the same: those of the entities with that
    // surface form, else (dates, times) every mention.
    var candidates: [String: [Int32]?]
    switch c.scope {
    case .mention: return anchor == nil ? (0, 0) : (1, 1)
    case .document: candidates = [c.target.source: nil]
    case .corpus:
      candidates = mentions(withSurface: c.key)?.mapValues { Optional($0) } ?? documents.mapValues { _ in nil }
      candidates[c.target.source] = .some(nil)
    }
    var mentions = 0
    var reached = 0
    for (path, indexes) in candidates {
      guard let document = documents[path] else { continue }
      var scalars: [Unicode.Scalar]?
      var here = 0
      for i in indexes?.map(Int.init) ?? Array(document.mentions.indices) {
        let m = document.mentions[i]
        guard m.layer == .core else { continue }
        if path == c.target.source, let anchor, m.start < anchor.end && m.end > anchor.start {
          here += 1  // at its anchored place it always applies
          continue
        }
        let reads = c.reads(m) {
          if scalars == nil { scalars = Array(document.text.unicodeScalars) }
          return LocalContext(scalars!, start: m.start, end: m.end)
        }
        if reads && c.changes(m) { here += 1 }
      }
      mentions += here
      if here > 0 { reached += 1 }
    }
    return (mentions, reached)
  }
}

extension CompiledCorrection {
  /// Whether applying it to a mention it reads would change what the
  /// analyst sees (a link to the entity the mention already names does not).
  func changes(_ m: Mention) -> Bool {
    switch effect {
    case .reject, .annotate: return true
    case .retype(let label, _): return m.label != label
    case .link(let label, let entity): return m.label != label || m.entity != entity
    case .unlink: return true
    }
  }
}
