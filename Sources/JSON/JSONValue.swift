/// A JSON document as a Swift value: the only JSON representation the rest of
/// Gloss sees. jansson's `json_t` never leaves this target (it is not Sendable).
public enum JSONValue: Sendable, Equatable, Hashable {
  case null
  case bool(Bool)
  case int(Int64)
  case double(Double)
  case string(String)
  case array([JSONValue])
  case object(JSONObject)
}

/// An object that keeps its keys in the order they were written or read, so
/// the lines Gloss writes read the way the guidelines show them and diffs stay small.
public struct JSONObject: Sendable, Equatable, Hashable, Sequence, ExpressibleByDictionaryLiteral {
  public struct Entry: Sendable, Equatable, Hashable {
    public var key: String
    public var value: JSONValue
  }
  public private(set) var entries: [Entry] = []

  public init() {}
  public init(dictionaryLiteral elements: (String, JSONValue)...) {
    for (key, value) in elements { self[key] = value }
  }

  public var count: Int { entries.count }
  public var keys: [String] { entries.map(\.key) }

  /// Setting `nil` removes the key; setting an existing key keeps its position.
  public subscript(key: String) -> JSONValue? {
    get { entries.first(where: { $0.key == key })?.value }
    set {
      let index = entries.firstIndex(where: { $0.key == key })
      switch (index, newValue) {
      case (let i?, let v?): entries[i].value = v
      case (let i?, nil): entries.remove(at: i)
      case (nil, let v?): entries.append(Entry(key: key, value: v))
      case (nil, nil): break
      }
    }
  }

  /// Appends without looking for an existing key; for parsers and encoders
  /// that already know the key is new.
  mutating func appendUnchecked(_ key: String, _ value: JSONValue) {
    entries.append(Entry(key: key, value: value))
  }

  public func makeIterator() -> IndexingIterator<[Entry]> { entries.makeIterator() }
}

extension JSONValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByBooleanLiteral,
  ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral, ExpressibleByNilLiteral,
  ExpressibleByFloatLiteral
{
  public init(stringLiteral value: String) { self = .string(value) }
  public init(integerLiteral value: Int64) { self = .int(value) }
  public init(booleanLiteral value: Bool) { self = .bool(value) }
  public init(arrayLiteral elements: JSONValue...) { self = .array(elements) }
  public init(floatLiteral value: Double) { self = .double(value) }
  public init(nilLiteral: ()) { self = .null }
  public init(dictionaryLiteral elements: (String, JSONValue)...) {
    var object = JSONObject()
    for (key, value) in elements { object[key] = value }
    self = .object(object)
  }
}

extension JSONValue {
  public subscript(key: String) -> JSONValue? {
    if case .object(let object) = self { return object[key] }
    return nil
  }

  public var stringValue: String? { if case .string(let s) = self { return s } else { return nil } }
  public var boolValue: Bool? { if case .bool(let b) = self { return b } else { return nil } }
  public var objectValue: JSONObject? { if case .object(let o) = self { return o } else { return nil } }
  public var arrayValue: [JSONValue]? { if case .array(let a) = self { return a } else { return nil } }
  public var isNull: Bool { self == .null }

  /// An integer, also when written as a real with no fractional part (`3.0`).
  public var intValue: Int? {
    switch self {
    case .int(let i): return Int(exactly: i)
    case .double(let d): return Int(exactly: d)
    default: return nil
    }
  }

  public var doubleValue: Double? {
    switch self {
    case .int(let i): return Double(i)
    case .double(let d): return d
    default: return nil
    }
  }

  /// The JSON type's name, for error messages ("expected string, found array").
  public var typeName: String {
    switch self {
    case .null: return "null"
    case .bool: return "boolean"
    case .int, .double: return "number"
    case .string: return "string"
    case .array: return "array"
    case .object: return "object"
    }
  }
}
