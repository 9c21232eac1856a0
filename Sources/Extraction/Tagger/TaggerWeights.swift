import CTaggerWeights

/// A trained model's weights: one row per hashed feature bucket, one signed
/// byte per tag and the row's power-of-two scale in the byte after them.
/// Per-row scales keep both the large weights of frequent features and the
/// small ones of rare features; a row is `stride` bytes so rows stay
/// aligned.
///
/// The file (`tagger-weights.bin`, little-endian) is a header — magic
/// `GLOSSTG1`, feature version, bucket bits, tag count, stride, softmax
/// temperature, labels and a provenance note — padded to 64 bytes, then
/// the rows. The shipped file is linked into the binary and used in place:
/// loading costs nothing at start-up.
public final class TaggerWeights: @unchecked Sendable {
  // Immutable after init; the rows live in the binary's read-only data or
  // in `owned`, which this object frees.
  public let tagSet: TagSet
  public let bits: Int
  public let stride: Int
  /// Softmax temperature for confidences, fitted on held-out data at training.
  public let temperature: Float
  /// What the weights were trained on (data, epochs, seed).
  public let provenance: String
  let rows: UnsafePointer<Int8>
  private let owned: UnsafeMutableRawPointer?
  /// Scale of each row exponent byte: 2^e.
  let scales: [Float]

  public static let magic: [UInt8] = Array("GLOSSTG1".utf8)

  public enum LoadError: Error, CustomStringConvertible, Equatable {
    case notAModel, featureVersion(UInt32), truncated
    public var description: String {
      switch self {
      case .notAModel: return "not a Gloss tagger model (bad magic)"
      case .featureVersion(let v):
        return "model built for feature version \(v), this gloss uses \(TaggerFeatures.version): retrain it"
      case .truncated: return "model file truncated"
      }
    }
  }

  /// The weights shipped in the binary, or nil when none were (an empty file).
  public static let shipped: TaggerWeights? = {
    let size = gloss_tagger_weights_size()
    guard size > 0, let base = gloss_tagger_weights() else { return nil }
    return try? TaggerWeights(UnsafeRawBufferPointer(start: base, count: size), copy: false)
  }()

  /// Weights from a file's bytes (copied).
  public static func load(_ bytes: [UInt8]) throws -> TaggerWeights {
    try bytes.withUnsafeBytes { try TaggerWeights($0, copy: true) }
  }

  init(_ buffer: UnsafeRawBufferPointer, copy: Bool) throws {
    var reader = ByteReader(buffer)
    guard buffer.count >= 64, Array(try reader.bytes(8)) == Self.magic else { throw LoadError.notAModel }
    let version = try reader.u32()
    guard version == TaggerFeatures.version else { throw LoadError.featureVersion(version) }
    bits = Int(try reader.u32())
    let tagCount = Int(try reader.u32())
    stride = Int(try reader.u32())
    temperature = Float(bitPattern: try reader.u32())
    let labelText = String(decoding: try reader.bytes(Int(try reader.u32())), as: UTF8.self)
    provenance = String(decoding: try reader.bytes(Int(try reader.u32())), as: UTF8.self)
    let labels = labelText.split(separator: ",").compactMap { EntityLabel(rawValue: String($0)) }
    tagSet = TagSet(labels: labels)
    guard tagSet.count == tagCount, stride > tagCount, bits > 0, bits <= 26 else { throw LoadError.notAModel }
    let header = (reader.offset + 63) / 64 * 64
    let size = stride << bits
    guard buffer.count >= header + size else { throw LoadError.truncated }
    if copy {
      let storage = UnsafeMutableRawPointer.allocate(byteCount: size, alignment: 64)
      storage.copyMemory(from: buffer.baseAddress! + header, byteCount: size)
      owned = storage
      rows = UnsafePointer(storage.assumingMemoryBound(to: Int8.self))
    } else {
      owned = nil
      rows = (buffer.baseAddress! + header).assumingMemoryBound(to: Int8.self)
    }
    scales = (0..<256).map { e in Float(sign: .plus, exponent: Int(Int8(truncatingIfNeeded: e)), significand: 1) }
  }

  deinit { owned?.deallocate() }

  /// The size of the weights in bytes.
  public var byteCount: Int { stride << bits }

  /// Writes weights (`[bucket × tags]`, floats) as a model file, quantising
  /// each row to bytes with its own power-of-two scale.
  public static func serialise(
    weights: [Float], tagSet: TagSet, bits: Int, temperature: Float, provenance: String
  ) -> [UInt8] {
    let tags = tagSet.count
    let stride = (tags + 1 + 7) / 8 * 8
    var out: [UInt8] = magic
    func u32(_ v: UInt32) { withUnsafeBytes(of: v.littleEndian) { out += $0 } }
    u32(TaggerFeatures.version)
    u32(UInt32(bits))
    u32(UInt32(tags))
    u32(UInt32(stride))
    u32(temperature.bitPattern)
    let labels = Array(tagSet.labels.map(\.rawValue).joined(separator: ",").utf8)
    u32(UInt32(labels.count))
    out += labels
    let note = Array(provenance.utf8)
    u32(UInt32(note.count))
    out += note
    while out.count % 64 != 0 { out.append(0) }
    var row = [UInt8](repeating: 0, count: stride)
    for b in 0..<(1 << bits) {
      let base = b * tags
      var largest: Float = 0
      for t in 0..<tags { largest = max(largest, abs(weights[base + t])) }
      for k in row.indices { row[k] = 0 }
      if largest > 0 {
        // The smallest power of two that keeps every weight within ±127.
        var exponent = Int((largest / 127).exponent)
        if largest / Float(sign: .plus, exponent: exponent, significand: 1) > 127 { exponent += 1 }
        exponent = max(-128, min(127, exponent))
        let scale = Float(sign: .plus, exponent: exponent, significand: 1)
        for t in 0..<tags {
          let q = max(-127, min(127, (weights[base + t] / scale).rounded()))
          row[t] = UInt8(bitPattern: Int8(q))
        }
        row[tags] = UInt8(bitPattern: Int8(exponent))
      }
      out += row
    }
    return out
  }

  /// Adds the weights of `buckets` to `scores` (one per tag): every row is
  /// prefetched first, then summed.
  @inline(__always) func accumulate(_ buckets: [UInt32], into scores: UnsafeMutablePointer<Float>) {
    let tags = tagSet.count
    for b in buckets { gloss_prefetch(rows + Int(b) * stride) }
    scales.withUnsafeBufferPointer { scales in
      for b in buckets {
        let row = rows + Int(b) * stride
        let scale = scales[Int(UInt8(bitPattern: row[tags]))]
        for t in 0..<tags { scores[t] += Float(row[t]) * scale }
      }
    }
  }
}

/// Reads a model file's header.
private struct ByteReader {
  let buffer: UnsafeRawBufferPointer
  var offset = 0
  init(_ buffer: UnsafeRawBufferPointer) { self.buffer = buffer }

  mutating func bytes(_ n: Int) throws -> UnsafeRawBufferPointer {
    guard n >= 0, offset + n <= buffer.count else { throw TaggerWeights.LoadError.truncated }
    defer { offset += n }
    return UnsafeRawBufferPointer(rebasing: buffer[offset..<offset + n])
  }

  mutating func u32() throws -> UInt32 {
    let b = try bytes(4)
    return UInt32(b[0]) | UInt32(b[1]) << 8 | UInt32(b[2]) << 16 | UInt32(b[3]) << 24
  }
}
