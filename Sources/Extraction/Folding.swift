import Foundation

/// Matching keys: diacritics folded (decompose, drop marks, đ/Đ → d), lower
/// case. Old and new Vietnamese tone placement (hoà/hòa) fold to the same key
/// because every mark is dropped, and NFC and NFD input give the same key.
/// Keys are only for matching; offsets and text always refer to the
/// document's own scalars.
public enum Folding {
  /// The folded, lowercased key of a word or phrase.
  public static func key(_ text: some StringProtocol) -> String {
    var out = String.UnicodeScalarView()
    for scalar in text.unicodeScalars { appendFolded(scalar, to: &out) }
    return String(out)
  }

  static func appendFolded(_ scalar: Unicode.Scalar, to out: inout String.UnicodeScalarView) {
    let byte = foldedByte(scalar)
    if byte >= 0 {
      out.append(Unicode.Scalar(UInt8(byte)))
    } else if byte == needsMapping {
      out.append(contentsOf: scalar.properties.lowercaseMapping.unicodeScalars)
    }
  }

  /// `foldedByte` for a scalar that folds to nothing (a combining mark).
  static let dropped = -1
  /// `foldedByte` for a scalar whose folded form is its lowercase mapping.
  static let needsMapping = -2

  /// A scalar's folded form when that is one ASCII byte (every Latin
  /// letter, by table; apostrophes), else `dropped` or `needsMapping`.
  /// Returns a value rather than taking a closure so the tokenizer's hot
  /// loop captures nothing.
  @inline(__always)
  static func foldedByte(_ scalar: Unicode.Scalar) -> Int {
    let v = scalar.value
    if v < 0x80 { return Int(v >= 0x41 && v <= 0x5A ? v + 32 : v) }
    if v >= 0x0300 && v <= 0x036F { return dropped }  // combining diacritical marks
    let base = latinBase(v)
    if base != 0 { return Int(base) }
    switch v {
    case 0x2019, 0x2018, 0x02BC: return 0x27  // typographic apostrophes
    default:
      return scalar.properties.generalCategory == .nonspacingMark ? dropped : needsMapping
    }
  }

  /// The base lowercase ASCII letter of a precomposed Latin letter, or 0.
  @inline(__always) static func latinBase(_ v: UInt32) -> UInt8 {
    if v >= 0x00C0 && v <= 0x024F { return latinBases[Int(v - 0x00C0)] }
    if v >= 0x1E00 && v <= 0x1EFF { return latinBases[Int(v - 0x1E00) + 0x190] }
    return 0
  }

  /// Base letters of Latin-1, Latin Extended-A/B (U+00C0–U+024F, first 0x190
  /// entries) and Latin Extended Additional, which holds Vietnamese
  /// (U+1E00–U+1EFF), built once from Unicode's canonical decompositions.
  static let latinBases: [UInt8] = {
    var table = [UInt8](repeating: 0, count: 0x190 + 0x100)
    for (range, offset) in [(0x00C0...0x024F, 0), (0x1E00...0x1EFF, 0x190)] {
      for v in range {
        guard let scalar = Unicode.Scalar(UInt32(v)) else { continue }
        if v == 0x0110 || v == 0x0111 {  // Đ đ do not decompose
          table[v - range.lowerBound + offset] = 0x64
          continue
        }
        let decomposed = String(scalar).decomposedStringWithCanonicalMapping.unicodeScalars
        guard let first = decomposed.first, first.value < 0x80, decomposed.count > 1,
          first.properties.isAlphabetic
        else { continue }
        table[v - range.lowerBound + offset] = UInt8(first.value | 0x20)
      }
    }
    return table
  }()

  /// An entity id: the folded name, lowercase ASCII letters and digits, every
  /// other run of characters one `-`, none at the ends (the guidelines' slug).
  public static func slug(_ text: some StringProtocol) -> String {
    var builder = SlugBuilder()
    var text = String(text)
    text.withUTF8 { builder.append($0) }
    return builder.string
  }
}

/// Builds a slug from UTF-8 bytes, piece by piece, without intermediate
/// strings: ASCII bytes are folded in place, other scalars through
/// `Folding.appendFolded`. `separate()` puts a word break between pieces.
struct SlugBuilder {
  private var out: [UInt8] = []
  private var pendingDash = false

  init() { out.reserveCapacity(32) }

  @inline(__always) private mutating func emit(_ byte: UInt8) {
    if byte >= 0x61 && byte <= 0x7A || byte >= 0x30 && byte <= 0x39 {
      if pendingDash && !out.isEmpty { out.append(0x2D) }
      pendingDash = false
      out.append(byte)
    } else {
      pendingDash = true
    }
  }

  mutating func append(_ bytes: UnsafeBufferPointer<UInt8>) {
    var i = 0
    while i < bytes.count {
      let b = bytes[i]
      if b < 0x80 {
        emit(b >= 0x41 && b <= 0x5A ? b | 0x20 : b)
        i += 1
        continue
      }
      let (scalar, length) = decodeScalar(bytes, at: i)
      let folded = Folding.foldedByte(scalar)
      if folded != Folding.dropped { emit(folded >= 0 ? UInt8(folded) : 0x20) }
      i += length
    }
  }

  mutating func separate() { pendingDash = true }

  var string: String { String(decoding: out, as: UTF8.self) }
}

/// The scalar starting at `at` and its length in bytes; U+FFFD for a
/// truncated sequence (the text was validated as UTF-8 when it was read).
@inline(__always)
func decodeScalar(_ bytes: UnsafeBufferPointer<UInt8>, at: Int) -> (Unicode.Scalar, Int) {
  let b0 = UInt32(bytes[at])
  if b0 < 0x80 { return (Unicode.Scalar(UInt8(b0)), 1) }
  let length = b0 >= 0xF0 ? 4 : b0 >= 0xE0 ? 3 : 2
  guard at + length <= bytes.count else { return ("\u{FFFD}", 1) }
  var v: UInt32 = b0 & (length == 2 ? 0x1F : length == 3 ? 0x0F : 0x07)
  for k in 1..<length { v = (v << 6) | (UInt32(bytes[at + k]) & 0x3F) }
  return (Unicode.Scalar(v) ?? "\u{FFFD}", length)
}
