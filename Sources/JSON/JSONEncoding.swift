/// Encodes `Encodable` types into `JSONValue`. Optional properties that are
/// nil are left out (the synthesised `encodeIfPresent`), which is what LSP expects.
extension JSONValue {
  public init<T: Encodable>(encoding value: T) throws {
    if let json = value as? JSONValue {
      self = json
      return
    }
    let encoder = ValueEncoder(codingPath: [])
    try value.encode(to: encoder)
    self = encoder.storage.resolved()
  }
}

/// A mutable tree the encoder writes into; containers hand out references to
/// their children so that nested containers can fill them in later.
/// Children live in arrays on the node itself (not inside an enum payload),
/// so appending is amortised O(1) even for 100,000 elements.
final class EncodingNode {
  enum Kind { case unset, value, object, array }
  var kind = Kind.unset
  var value = JSONValue.null
  var keys: [String] = []
  var children: [EncodingNode] = []
  private var keyIndex: [String: Int]?

  func setValue(_ v: JSONValue) {
    kind = .value
    value = v
    keys = []
    children = []
    keyIndex = nil
  }

  func resolved() -> JSONValue {
    switch kind {
    case .unset: return .object(JSONObject())
    case .value: return value
    case .array: return .array(children.map { $0.resolved() })
    case .object:
      var object = JSONObject()
      for (key, node) in zip(keys, children) { object[key] = node.resolved() }
      return .object(object)
    }
  }

  func child(forKey key: String) -> EncodingNode {
    if kind != .object {
      kind = .object
      keys = []
      children = []
      keyIndex = nil
    }
    if let keyIndex, let i = keyIndex[key] { return children[i] }
    if keyIndex == nil, let i = keys.firstIndex(of: key) { return children[i] }
    let node = EncodingNode()
    keys.append(key)
    children.append(node)
    if keyIndex != nil {
      keyIndex![key] = children.count - 1
    } else if keys.count > 16 {
      keyIndex = Dictionary(zip(keys, keys.indices), uniquingKeysWith: { a, _ in a })
    }
    return node
  }

  func appendChild() -> EncodingNode {
    if kind != .array {
      kind = .array
      keys = []
      children = []
    }
    let node = EncodingNode()
    children.append(node)
    return node
  }
}

struct ValueEncoder: Encoder, SingleValueEncodingContainer {
  var codingPath: [CodingKey]
  var userInfo: [CodingUserInfoKey: Any] { [:] }
  let storage: EncodingNode

  init(codingPath: [CodingKey], storage: EncodingNode = EncodingNode()) {
    self.codingPath = codingPath
    self.storage = storage
  }

  func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
    if storage.kind != .object {
      storage.kind = .object
      storage.keys = []
      storage.children = []
    }
    return KeyedEncodingContainer(KeyedValueEncoder<Key>(node: storage, codingPath: codingPath))
  }
  func unkeyedContainer() -> UnkeyedEncodingContainer {
    if storage.kind != .array {
      storage.kind = .array
      storage.children = []
    }
    return UnkeyedValueEncoder(node: storage, codingPath: codingPath)
  }
  func singleValueContainer() -> SingleValueEncodingContainer { self }

  func set(_ value: JSONValue) { storage.setValue(value) }
  func encodeNil() { set(.null) }
  func encode(_ value: Bool) { set(.bool(value)) }
  func encode(_ value: String) { set(.string(value)) }
  func encode(_ value: Double) { set(.double(value)) }
  func encode(_ value: Float) { set(.double(Double(value))) }
  func encode(_ value: Int) { set(.int(Int64(value))) }
  func encode(_ value: Int8) { set(.int(Int64(value))) }
  func encode(_ value: Int16) { set(.int(Int64(value))) }
  func encode(_ value: Int32) { set(.int(Int64(value))) }
  func encode(_ value: Int64) { set(.int(value)) }
  func encode(_ value: UInt) { set(.int(Int64(value))) }
  func encode(_ value: UInt8) { set(.int(Int64(value))) }
  func encode(_ value: UInt16) { set(.int(Int64(value))) }
  func encode(_ value: UInt32) { set(.int(Int64(value))) }
  func encode(_ value: UInt64) { set(.int(Int64(truncatingIfNeeded: value))) }
  func encode<T: Encodable>(_ value: T) throws {
    if let json = value as? JSONValue { return set(json) }
    try value.encode(to: self)
  }
}

struct KeyedValueEncoder<Key: CodingKey>: KeyedEncodingContainerProtocol {
  let node: EncodingNode
  var codingPath: [CodingKey]

  func encoder(_ key: Key) -> ValueEncoder {
    ValueEncoder(codingPath: codingPath + [key], storage: node.child(forKey: key.stringValue))
  }
  mutating func encodeNil(forKey key: Key) { encoder(key).encodeNil() }
  mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws { try encoder(key).encode(value) }
  mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key)
    -> KeyedEncodingContainer<NestedKey>
  { encoder(key).container(keyedBy: keyType) }
  mutating func nestedUnkeyedContainer(forKey key: Key) -> UnkeyedEncodingContainer {
    encoder(key).unkeyedContainer()
  }
  mutating func superEncoder() -> Encoder { ValueEncoder(codingPath: codingPath, storage: node) }
  mutating func superEncoder(forKey key: Key) -> Encoder { encoder(key) }
}

struct UnkeyedValueEncoder: UnkeyedEncodingContainer {
  let node: EncodingNode
  var codingPath: [CodingKey]
  var count: Int { node.kind == .array ? node.children.count : 0 }

  func next() -> ValueEncoder {
    ValueEncoder(codingPath: codingPath + [JSONCodingKey(intValue: count)], storage: node.appendChild())
  }
  mutating func encodeNil() { next().encodeNil() }
  mutating func encode<T: Encodable>(_ value: T) throws { try next().encode(value) }
  mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type)
    -> KeyedEncodingContainer<NestedKey>
  { next().container(keyedBy: keyType) }
  mutating func nestedUnkeyedContainer() -> UnkeyedEncodingContainer { next().unkeyedContainer() }
  mutating func superEncoder() -> Encoder { next() }
}

extension JSONValue: Codable {
  public init(from decoder: Decoder) throws {
    if let decoder = decoder as? ValueDecoder {
      self = decoder.value
      return
    }
    let container = try decoder.singleValueContainer()
    if container.decodeNil() {
      self = .null
    } else if let b = try? container.decode(Bool.self) {
      self = .bool(b)
    } else if let i = try? container.decode(Int64.self) {
      self = .int(i)
    } else if let d = try? container.decode(Double.self) {
      self = .double(d)
    } else if let s = try? container.decode(String.self) {
      self = .string(s)
    } else if let a = try? container.decode([JSONValue].self) {
      self = .array(a)
    } else {
      var object = JSONObject()
      for (key, value) in try container.decode([String: JSONValue].self) { object[key] = value }
      self = .object(object)
    }
  }

  public func encode(to encoder: Encoder) throws {
    if let encoder = encoder as? ValueEncoder { return encoder.set(self) }
    var container = encoder.singleValueContainer()
    switch self {
    case .null: try container.encodeNil()
    case .bool(let b): try container.encode(b)
    case .int(let i): try container.encode(i)
    case .double(let d): try container.encode(d)
    case .string(let s): try container.encode(s)
    case .array(let a): try container.encode(a)
    case .object(let o):
      try container.encode(Dictionary(o.entries.map { ($0.key, $0.value) }, uniquingKeysWith: { $1 }))
    }
  }
}
