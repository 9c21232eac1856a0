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
    let v = scalar.value
    if v < 0x80 {
      out.append(v >= 0x41 && v <= 0x5A ? Unicode.Scalar(v + 32)! : scalar)
      return
    }
    if let base = latinBase[v] {
      out.append(Unicode.Scalar(base))
      return
    }
    switch v {
    case 0x2019, 0x2018, 0x02BC: out.append("'")  // typographic apostrophes
    default:
      if scalar.properties.generalCategory == .nonspacingMark { return }
      out.append(contentsOf: scalar.properties.lowercaseMapping.unicodeScalars)
    }
  }

  /// Base lowercase ASCII letter of each precomposed Latin letter (Latin-1,
  /// Latin Extended-A/B, Latin Extended Additional, which holds Vietnamese).
  /// Built once from Unicode's canonical decompositions.
  static let latinBase: [UInt32: UInt8] = {
    var table: [UInt32: UInt8] = [0x0110: 0x64, 0x0111: 0x64]  // Đ đ do not decompose
    for range in [0x00C0...0x024F, 0x1E00...0x1EFF] {
      for v in range {
        guard let scalar = Unicode.Scalar(UInt32(v)), table[UInt32(v)] == nil else { continue }
        let decomposed = String(scalar).decomposedStringWithCanonicalMapping.unicodeScalars
        guard let first = decomposed.first, first.value < 0x80, decomposed.count > 1,
          first.properties.isAlphabetic
        else { continue }
        table[UInt32(v)] = UInt8(first.value | 0x20)
      }
    }
    return table
  }()

  /// An entity id: the folded name, lowercase ASCII letters and digits, every
  /// other run of characters one `-`, none at the ends (the guidelines' slug).
  public static func slug(_ text: some StringProtocol) -> String {
    var out = ""
    var pendingDash = false
    for scalar in key(text).unicodeScalars {
      let v = scalar.value
      if (v >= 0x61 && v <= 0x7A) || (v >= 0x30 && v <= 0x39) {
        if pendingDash && !out.isEmpty { out.append("-") }
        pendingDash = false
        out.unicodeScalars.append(scalar)
      } else {
        pendingDash = true
      }
    }
    return out
  }
}
