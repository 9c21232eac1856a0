import Store

/// What touches a span on each side: the context a rejection of a known
/// name carries, so that “US” rejected in “US$3 trillion” is rejected
/// wherever “US” is followed by “$” and nowhere else (“the US said” keeps
/// its GPE).
///
/// Each side is one of: a character attached to the span (no space
/// between: the “$” of “US$3”, the “-” of “US-led”); after a space, the
/// shape of the neighbouring word (capitalised, lowercase, a number) or the
/// punctuation mark there; or a line edge (a line break, or the start or
/// end of the text).
///
/// Matching (`admits`): when a character is attached to the span, that
/// character alone decides, on the side(s) it touches; otherwise the shapes
/// on both sides must agree.
public struct LocalContext: Sendable, Equatable, CustomStringConvertible {
  public enum Side: Sendable, Equatable, CustomStringConvertible {
    case edge
    case attached(Unicode.Scalar)
    case capitalized, lower, number
    case symbol(Unicode.Scalar)

    public var description: String {
      switch self {
      case .edge: return "line edge"
      case .attached(let c): return "“\(c)” attached"
      case .capitalized: return "capitalised word"
      case .lower: return "lowercase word"
      case .number: return "number"
      case .symbol(let c): return "“\(c)”"
      }
    }

    var isAttached: Bool {
      if case .attached = self { return true }
      return false
    }
  }

  public var before: Side
  public var after: Side

  public var description: String { "\(before) · \(after)" }

  /// The context of `start..<end` in a text's scalars.
  public init(_ scalars: [Unicode.Scalar], start: Int, end: Int) {
    before = Self.before(scalars, start)
    after = Self.after(scalars, end)
  }

  /// The context a correction record carries in its quote selector (prefix
  /// and suffix, 32 characters each); nil for records that carry none.
  public init?(_ target: CorrectionRecord.Target) {
    if target.prefix.isEmpty && target.suffix.isEmpty && target.start > 0 { return nil }
    let prefix = Array(target.prefix.unicodeScalars)
    let window = prefix + Array(target.exact.unicodeScalars) + Array(target.suffix.unicodeScalars)
    self.init(window, start: prefix.count, end: prefix.count + target.exact.unicodeScalars.count)
  }

  /// Whether an occurrence in context `other` stands in this context.
  public func admits(_ other: LocalContext) -> Bool {
    if before.isAttached || after.isAttached {
      return (!before.isAttached || before == other.before) && (!after.isAttached || after == other.after)
    }
    return self == other
  }

  static func isBreak(_ c: Unicode.Scalar) -> Bool { c == "\n" || c == "\r" }

  static func shape(_ c: Unicode.Scalar) -> Side {
    if c.properties.isUppercase { return .capitalized }
    if c.properties.isLowercase { return .lower }
    if c.properties.numericType != nil { return .number }
    return .symbol(c)
  }

  static func after(_ s: [Unicode.Scalar], _ end: Int) -> Side {
    guard end < s.count else { return .edge }
    if isBreak(s[end]) { return .edge }
    if !s[end].properties.isWhitespace { return .attached(s[end]) }
    var i = end
    while i < s.count && s[i].properties.isWhitespace {
      if isBreak(s[i]) { return .edge }
      i += 1
    }
    return i < s.count ? shape(s[i]) : .edge
  }

  static func before(_ s: [Unicode.Scalar], _ start: Int) -> Side {
    guard start > 0, start <= s.count else { return .edge }
    if isBreak(s[start - 1]) { return .edge }
    if !s[start - 1].properties.isWhitespace { return .attached(s[start - 1]) }
    var i = start - 1
    while i >= 0 && s[i].properties.isWhitespace {
      if isBreak(s[i]) { return .edge }
      i -= 1
    }
    guard i >= 0 else { return .edge }
    // A word's shape is its first character's (“the”, not its “e”);
    // punctuation before the space (“said, US”) is itself.
    guard s[i].properties.isAlphabetic || s[i].properties.numericType != nil else { return .symbol(s[i]) }
    while i > 0 && !s[i - 1].properties.isWhitespace { i -= 1 }
    return shape(s[i])
  }
}
