import CJansson

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Where and why a JSON text could not be parsed. Line and column are 1-based
/// as jansson reports them; `position` is the byte offset.
public struct JSONParseError: Error, Sendable, Equatable, CustomStringConvertible {
  public var message: String
  public var line: Int
  public var column: Int
  public var position: Int
  public var description: String { "\(message) at line \(line), column \(column) (byte \(position))" }
}

public struct JSONEncodeError: Error, Sendable, Equatable, CustomStringConvertible {
  public var message: String
  public var description: String { message }
}

extension JSONValue {
  /// Parses one JSON text of any type. A `\u0000` inside a string is kept;
  /// nesting deeper than jansson's limit (2048) is an error, not a crash.
  /// With `integersAsReals`, every integer is read as a double (so one
  /// beyond 64 bits is a number rather than an error).
  public static func parse(_ bytes: UnsafeRawBufferPointer, integersAsReals: Bool = false) throws -> JSONValue {
    var error = json_error_t()
    let base = bytes.baseAddress?.assumingMemoryBound(to: CChar.self)
    let empty: CChar = 0
    guard
      let root = withUnsafePointer(
        to: empty,
        {
          json_loadb(
            base ?? $0, bytes.count,
            integersAsReals ? gloss_json_flags_decode_int_as_real() : gloss_json_flags_decode(), &error)
        })
    else {
      throw JSONParseError(
        message: withUnsafeBytes(of: error.text) { raw in
          String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
        },
        line: Int(error.line), column: Int(error.column), position: Int(error.position))
    }
    defer { json_decref(root) }
    return JSONValue(jansson: root)
  }

  public static func parse(_ bytes: [UInt8]) throws -> JSONValue {
    try bytes.withUnsafeBytes { try parse($0) }
  }

  public static func parse(_ text: String) throws -> JSONValue {
    var text = text
    return try text.withUTF8 { try parse(UnsafeRawBufferPointer($0)) }
  }

  private init(jansson node: UnsafeMutablePointer<json_t>) {
    switch gloss_json_typeof(node) {
    case JSON_OBJECT:
      var object = JSONObject()
      var iterator = json_object_iter(node)
      while let it = iterator {
        let key = String(
          decoding: UnsafeRawBufferPointer(start: json_object_iter_key(it), count: json_object_iter_key_len(it)),
          as: UTF8.self)
        object.appendUnchecked(key, JSONValue(jansson: json_object_iter_value(it)))
        iterator = json_object_iter_next(node, it)
      }
      self = .object(object)
    case JSON_ARRAY:
      let count = json_array_size(node)
      var array: [JSONValue] = []
      array.reserveCapacity(count)
      for index in 0..<count { array.append(JSONValue(jansson: json_array_get(node, index))) }
      self = .array(array)
    case JSON_STRING:
      self = .string(
        String(
          decoding: UnsafeRawBufferPointer(start: json_string_value(node), count: json_string_length(node)),
          as: UTF8.self))
    case JSON_INTEGER: self = .int(Int64(json_integer_value(node)))
    case JSON_REAL: self = .double(json_real_value(node))
    case JSON_TRUE: self = .bool(true)
    case JSON_FALSE: self = .bool(false)
    default: self = .null
    }
  }

  /// Compact UTF-8 JSON; non-ASCII characters are written as they are.
  public func serialized() throws(JSONEncodeError) -> String {
    let root = try makeJansson()
    defer { json_decref(root) }
    guard let text = json_dumps(root, gloss_json_flags_encode()) else {
      throw JSONEncodeError(message: "jansson could not serialise the value")
    }
    defer { free(text) }
    return String(cString: text)
  }

  /// `serialized()` for values built by Gloss itself, which hold no NaN or
  /// infinity; those two are the only values jansson refuses.
  public var jsonText: String {
    (try? serialized()) ?? "null"
  }

  private func makeJansson() throws(JSONEncodeError) -> UnsafeMutablePointer<json_t> {
    switch self {
    case .null: return json_null()
    case .bool(let b): return b ? json_true() : json_false()
    case .int(let i): return json_integer(json_int_t(i))
    case .double(let d):
      guard let node = json_real(d) else { throw JSONEncodeError(message: "\(d) is not a JSON number") }
      return node
    case .string(let s):
      let node = withCharacters(of: s) { json_stringn_nocheck($0, $1) }
      guard let node else { throw JSONEncodeError(message: "out of memory") }
      return node
    case .array(let elements):
      let node = json_array()!
      for element in elements {
        do { json_array_append_new(node, try element.makeJansson()) } catch {
          json_decref(node)
          throw error
        }
      }
      return node
    case .object(let object):
      let node = json_object()!
      for entry in object {
        do {
          let child = try entry.value.makeJansson()
          _ = withCharacters(of: entry.key) { json_object_setn_new_nocheck(node, $0, $1, child) }
        } catch {
          json_decref(node)
          throw error
        }
      }
      return node
    }
  }
}

/// Hands jansson a string's UTF-8 bytes and their length (a Swift string may
/// hold NUL characters, so jansson's length-taking functions are used).
private func withCharacters<R>(of string: String, _ body: (UnsafePointer<CChar>, Int) -> R) -> R {
  var string = string
  return string.withUTF8 { buffer in
    guard let base = buffer.baseAddress, buffer.count > 0 else { return "".withCString { body($0, 0) } }
    return base.withMemoryRebound(to: CChar.self, capacity: buffer.count) { body($0, buffer.count) }
  }
}
