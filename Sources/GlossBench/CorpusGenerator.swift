/// A deterministic corpus of news-like documents made from the seeds with
/// their names, dates and paragraph order varied, so throughput is measured
/// on text of the kind Gloss reads and not on one repeated file.
struct CorpusGenerator {
  var state: UInt64 = 0x9E37_79B9_7F4A_7C15

  mutating func next(_ bound: Int) -> Int {
    state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
    return Int((state >> 33) % UInt64(bound))
  }

  static let people = [
    ("Mark Esper", "Esper"), ("Lloyd Austin", "Austin"), ("Ngo Xuan Lich", "Lich"), ("Phan Van Giang", "Giang"),
    ("Le Thi Thu Hang", "Hang"), ("Pham Thu Hang", "Hang"), ("Antony Blinken", "Blinken"),
    ("Nguyễn Chí Vịnh", "Vịnh"), ("Rahm Emanuel", "Emanuel"), ("Penny Wong", "Wong"),
  ]
  static let countries = [
    "Vietnam", "Japan", "Australia", "India", "Indonesia", "the Philippines", "Thailand", "Malaysia",
  ]
  static let months = ["January", "March", "May", "July", "September", "November"]

  mutating func document(from seeds: [String]) -> String {
    let seed = seeds[next(seeds.count)]
    var paragraphs = seed.components(separatedBy: "\n\n")
    for i in stride(from: paragraphs.count - 1, to: 0, by: -1) { paragraphs.swapAt(i, next(i + 1)) }
    var text = paragraphs.joined(separator: "\n\n")
    let (full, short) = Self.people[next(Self.people.count)]
    text = text.replacingAll("Mark Esper", with: full).replacingAll("Esper", with: short)
    text = text.replacingAll("November", with: Self.months[next(Self.months.count)])
    text = text.replacingAll("2019", with: String(2000 + next(25)))
    text = text.replacingAll("Canada", with: Self.countries[next(Self.countries.count)])
    return text
  }

  mutating func corpus(from seeds: [String], bytes target: Int) -> [String] {
    var out: [String] = []
    var total = 0
    while total < target {
      let doc = document(from: seeds)
      total += doc.utf8.count
      out.append(doc)
    }
    return out
  }
}

extension String {
  /// Replaces every occurrence, on UTF-8 bytes (no Foundation).
  func replacingAll(_ target: String, with replacement: String) -> String {
    let source = Array(utf8)
    let needle = Array(target.utf8)
    let with = Array(replacement.utf8)
    var out: [UInt8] = []
    out.reserveCapacity(source.count)
    var i = 0
    while i < source.count {
      if i + needle.count <= source.count && source[i] == needle[0] && Array(source[i..<i + needle.count]) == needle {
        out += with
        i += needle.count
      } else {
        out.append(source[i])
        i += 1
      }
    }
    return String(decoding: out, as: UTF8.self)
  }

  func components(separatedBy separator: String) -> [String] {
    let source = Array(utf8)
    let needle = Array(separator.utf8)
    var out: [String] = []
    var start = 0
    var i = 0
    while i + needle.count <= source.count {
      if Array(source[i..<i + needle.count]) == needle {
        out.append(String(decoding: source[start..<i], as: UTF8.self))
        i += needle.count
        start = i
      } else {
        i += 1
      }
    }
    out.append(String(decoding: source[start...], as: UTF8.self))
    return out
  }
}
