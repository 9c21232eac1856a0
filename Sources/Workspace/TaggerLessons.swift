import Extraction
import Store

/// Corrections as lessons for the tagger: every annotate, retype, link,
/// unlink or reject in force is a training example made of its quote and
/// the context stored with it (up to 32 characters each side), so the
/// tagger learns the context as well as the name. Replayed in log order
/// whenever the rules are compiled: the same log teaches the same tagger,
/// after a restart too.
extension WorkspaceIndex {
  public static func taggerLessons(_ records: [(Int, CorrectionRecord)]) -> [TaggerExample] {
    let active = Set(CorrectionLog.active(records.map(\.1)).map(\.id))
    return records.compactMap { _, record in
      guard active.contains(record.id), let target = record.target, !target.exact.isEmpty else { return nil }
      let label: EntityLabel?
      switch record.action {
      case .annotate, .retype, .link, .unlink:
        guard let raw = record.body.label, let known = EntityLabel(rawValue: raw), known != .TITLE else { return nil }
        label = known
      case .reject:
        label = nil
      case .rename, .pin, .remove:
        return nil
      }
      let start = target.prefix.unicodeScalars.count
      return TaggerExample(
        text: target.prefix + target.exact + target.suffix, start: start,
        end: start + target.exact.unicodeScalars.count, label: label)
    }
  }
}
