import Extraction
import Store

/// The normalised values of a document's DATE and TIME mentions, resolved
/// against the document's date. Pure: the settings are passed in.
public enum DateValues {
  /// The date a document's relative dates are resolved against: the one
  /// `gloss.json` gives for this document, else the first full date of its
  /// text (a dateline), else `gloss.json`'s default.
  public static func documentDate(path: String, mentions: [Mention], settings: DocumentDates?) -> CalendarDate? {
    settings?.byPath[path] ?? Temporal.documentDate(in: mentions) ?? settings?.fallback
  }

  /// The value of a DATE or TIME mention (nil for other labels, and for
  /// what cannot be resolved at all).
  public static func value(of mention: Mention, reference: CalendarDate?) -> String? {
    guard mention.layer == .core else { return nil }
    return Temporal.value(of: mention.text, label: mention.label, reference: reference)
  }
}

extension DocumentResult {
  /// The document's date (see `DateValues.documentDate`).
  public func documentDate(_ settings: DocumentDates?) -> CalendarDate? {
    DateValues.documentDate(path: path, mentions: mentions, settings: settings)
  }

  /// One value per mention, in order: nil where a mention has none.
  public func dateValues(_ settings: DocumentDates?) -> [String?] {
    let reference = documentDate(settings)
    return mentions.map { DateValues.value(of: $0, reference: reference) }
  }
}
