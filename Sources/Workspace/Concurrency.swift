import Synchronization

/// Slots that parallel workers fill by index.
final class ResultSlots<Value: Sendable>: Sendable {
  private let storage: Mutex<[Value?]>
  init(count: Int) { storage = Mutex(Array(repeating: nil, count: count)) }
  func set(_ index: Int, _ value: Value) { storage.withLock { $0[index] = value } }
  var values: [Value?] { storage.withLock { $0 } }
}

final class Counter: Sendable {
  private let value = Mutex(0)
  func increment() -> Int {
    value.withLock {
      $0 += 1
      return $0
    }
  }
}
