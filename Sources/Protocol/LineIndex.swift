/// How LSP positions count characters within a line, negotiated at initialize
/// through `general.positionEncodings` (UTF-16 when the client says nothing).
public enum PositionEncoding: String, Sendable, CaseIterable {
  case utf8 = "utf-8"
  case utf16 = "utf-16"
  case utf32 = "utf-32"

  /// The client's preference order wins among those we support; UTF-16 is
  /// the mandatory fallback.
  public static func negotiate(clientOffers: [String]?) -> PositionEncoding {
    for offer in clientOffers ?? [] {
      if let encoding = PositionEncoding(rawValue: offer) { return encoding }
    }
    return .utf16
  }
}

/// Converts between the domain's Unicode scalar offsets and LSP (line,
/// character) positions for one document.
///
/// Built once per text version in O(n). Each conversion is a binary search:
/// besides line starts it keeps only the offsets of scalars that take more
/// than one code unit (non-ASCII for UTF-8, non-BMP for UTF-16), so ASCII text
/// costs nothing extra. Lines end at `\n`, `\r\n` or `\r`.
public struct LineIndex: Sendable {
  /// Scalar offset where each line starts; the first is 0.
  public private(set) var lineStarts: [Int] = [0]
  public private(set) var scalarCount = 0
  /// Length of the terminator (1 for `\n` or `\r`, 2 for `\r\n`) before each line.
  private var terminatorLengths: [Int] = [0]
  /// Scalar offsets of non-ASCII scalars, with the extra UTF-8 bytes each takes.
  private var wideUTF8: [Int] = []
  private var extraUTF8Prefix: [Int] = [0]
  /// Scalar offsets of scalars outside the BMP (two UTF-16 units each).
  private var wideUTF16: [Int] = []

  /// One pass over the UTF-8 bytes (the text is valid UTF-8): a scalar
  /// starts at every byte that is not a continuation byte, and its lead
  /// byte says how many bytes it takes.
  public init(_ text: String) {
    var text = text
    var offset = 0
    var pendingCR = false
    text.withUTF8 { bytes in
      for byte in bytes {
        if byte & 0xC0 == 0x80 { continue }  // continuation
        if pendingCR {
          pendingCR = false
          if byte == 0x0A {
            lineStarts.append(offset + 1)
            terminatorLengths.append(2)
            offset += 1
            continue
          }
          lineStarts.append(offset)
          terminatorLengths.append(1)
        }
        if byte == 0x0D {
          pendingCR = true
        } else if byte == 0x0A {
          lineStarts.append(offset + 1)
          terminatorLengths.append(1)
        } else if byte >= 0x80 {
          wideUTF8.append(offset)
          let extra = byte >= 0xF0 ? 3 : byte >= 0xE0 ? 2 : 1
          extraUTF8Prefix.append(extraUTF8Prefix[extraUTF8Prefix.count - 1] + extra)
          if byte >= 0xF0 { wideUTF16.append(offset) }
        }
        offset += 1
      }
    }
    if pendingCR {
      lineStarts.append(offset)
      terminatorLengths.append(1)
    }
    scalarCount = offset
  }

  public var lineCount: Int { lineStarts.count }

  /// Whether a position lies after the text's last character (a later line,
  /// or further along the last line); such positions clamp to the end in
  /// `offset`, which is right for edits but not for questions about what
  /// is there.
  public func isPastEnd(_ position: Position, _ encoding: PositionEncoding) -> Bool {
    let end = self.position(of: scalarCount, encoding)
    return position.line > end.line || (position.line == end.line && position.character > end.character)
  }

  /// The line holding `offset` (clamped to the text).
  public func line(containing offset: Int) -> Int {
    let offset = min(max(0, offset), scalarCount)
    var low = 0
    var high = lineStarts.count - 1
    while low < high {
      let mid = (low + high + 1) / 2
      if lineStarts[mid] <= offset { low = mid } else { high = mid - 1 }
    }
    return low
  }

  /// Code units from the start of the text to `offset`, minus scalar count:
  /// the extra units wide scalars add before `offset`.
  private func extraUnits(before offset: Int, _ encoding: PositionEncoding) -> Int {
    switch encoding {
    case .utf32: return 0
    case .utf16: return countBelow(wideUTF16, offset)
    case .utf8: return extraUTF8Prefix[countBelow(wideUTF8, offset)]
    }
  }

  /// The UTF-8 byte offset of a scalar offset (for editing the text in place).
  public func utf8Offset(ofScalar offset: Int) -> Int { offset + extraUnits(before: offset, .utf8) }

  private func countBelow(_ sorted: [Int], _ value: Int) -> Int {
    var low = 0
    var high = sorted.count
    while low < high {
      let mid = (low + high) / 2
      if sorted[mid] < value { low = mid + 1 } else { high = mid }
    }
    return low
  }

  public func position(of offset: Int, _ encoding: PositionEncoding) -> (line: Int, character: Int) {
    let offset = min(max(0, offset), scalarCount)
    let line = line(containing: offset)
    let start = lineStarts[line]
    let character = offset - start + extraUnits(before: offset, encoding) - extraUnits(before: start, encoding)
    return (line, character)
  }

  /// The scalar offset of a position. A line past the end gives the end of
  /// the text; a character past the line's end gives the line's end (LSP's
  /// rule); a character inside a wide scalar gives that scalar's start.
  public func offset(line: Int, character: Int, _ encoding: PositionEncoding) -> Int {
    guard line >= 0 else { return 0 }
    guard line < lineStarts.count else { return scalarCount }
    let start = lineStarts[line]
    let end = lineContentEnd(line)
    let base = extraUnits(before: start, encoding)
    func units(_ offset: Int) -> Int { offset - start + extraUnits(before: offset, encoding) - base }
    // Largest offset in [start, end] whose unit column is <= character.
    var low = start
    var high = end
    while low < high {
      let mid = (low + high + 1) / 2
      if units(mid) <= character { low = mid } else { high = mid - 1 }
    }
    return low
  }

  /// The offset where a line's content ends, before its line terminator.
  public func lineContentEnd(_ line: Int) -> Int {
    guard line + 1 < lineStarts.count else { return scalarCount }
    return lineStarts[line + 1] - terminatorLengths[line + 1]
  }
}
