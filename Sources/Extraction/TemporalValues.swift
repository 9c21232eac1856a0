/// A day of the proleptic Gregorian calendar: what relative dates are
/// resolved against.
public struct CalendarDate: Sendable, Hashable, Comparable, CustomStringConvertible {
  public var year: Int
  public var month: Int
  public var day: Int

  public init?(year: Int, month: Int, day: Int) {
    guard (1...12).contains(month), (1...Self.daysIn(year, month)).contains(day) else { return nil }
    self.year = year
    self.month = month
    self.day = day
  }

  /// `2019-11-22`; nil for anything else.
  public init?(iso text: String) {
    let parts = text.split(separator: "-", omittingEmptySubsequences: false)
    guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
      let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2])
    else { return nil }
    self.init(year: y, month: m, day: d)
  }

  static func daysIn(_ year: Int, _ month: Int) -> Int {
    switch month {
    case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
    case 4, 6, 9, 11: return 30
    default: return 31
    }
  }

  /// Days since 1970-01-01 (H. Hinnant's days_from_civil).
  public var dayNumber: Int {
    let y = month <= 2 ? year - 1 : year
    let era = (y >= 0 ? y : y - 399) / 400
    let yoe = y - era * 400
    let mp = (month + 9) % 12
    let doy = (153 * mp + 2) / 5 + day - 1
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
    return era * 146097 + doe - 719468
  }

  public init(dayNumber: Int) {
    let z = dayNumber + 719468
    let era = (z >= 0 ? z : z - 146096) / 146097
    let doe = z - era * 146097
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
    let mp = (5 * doy + 2) / 153
    day = doy - (153 * mp + 2) / 5 + 1
    month = mp < 10 ? mp + 3 : mp - 9
    year = yoe + era * 400 + (month <= 2 ? 1 : 0)
  }

  public func adding(days: Int) -> CalendarDate { CalendarDate(dayNumber: dayNumber + days) }

  /// ISO weekday: 1 Monday … 7 Sunday.
  public var weekday: Int { ((dayNumber % 7 + 7) % 7 + 3) % 7 + 1 }

  /// The ISO 8601 week: `2019-W47`.
  public var isoWeek: String {
    let thursday = adding(days: 4 - weekday)
    let jan1 = CalendarDate(year: thursday.year, month: 1, day: 1)!
    let week = (thursday.dayNumber - jan1.dayNumber) / 7 + 1
    return "\(Temporal.pad(thursday.year, 4))-W\(Temporal.pad(week, 2))"
  }

  public var description: String {
    "\(Temporal.pad(year, 4))-\(Temporal.pad(month, 2))-\(Temporal.pad(day, 2))"
  }

  public static func < (a: CalendarDate, b: CalendarDate) -> Bool { a.dayNumber < b.dayNumber }
}

/// Normalised values of DATE and TIME mentions, in the notation of TIMEX3
/// (ISO 8601 where it can say it): `2019-11-22`, `2019-11`, `2019`, `199`
/// (the 1990s), `2019-W47`, `P10Y` (a duration), `2019-11-20/2019-11-21` (a
/// range), `2019-11-22T09:59`. What the text leaves open and no reference
/// date settles stays open: `XXXX-11-20`, `XXXX-WXX-2`, or no value at all
/// (`yesterday` without a reference). Pure: text in, value out.
public enum Temporal {
  static func pad(_ n: Int, _ width: Int) -> String {
    let s = String(n)
    return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
  }

  static let monthNumbers: [String: Int] = {
    let names = [
      "january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november",
      "december",
    ]
    var out: [String: Int] = [:]
    for (i, name) in names.enumerated() {
      out[name] = i + 1
      out[String(name.prefix(3))] = i + 1
    }
    out["sept"] = 9
    return out
  }()
  static let weekdayNumbers: [String: Int] = [
    "monday": 1, "tuesday": 2, "wednesday": 3, "thursday": 4, "friday": 5, "saturday": 6, "sunday": 7,
  ]
  static let zoneOffsets: [String: String] = [
    "gmt": "Z", "utc": "Z", "ict": "+07:00", "est": "-05:00", "edt": "-04:00", "pst": "-08:00",
    "cet": "+01:00", "bst": "+01:00", "jst": "+09:00",
  ]

  /// The words and numbers of a mention's text, lowercased; punctuation
  /// other than `-`, `–`, `,`, `:`, `+` dropped, and a word's final dot
  /// (`Nov.`, `p.m.`) kept out.
  static func tokens(_ text: String) -> [String] {
    var out: [String] = []
    var current = ""
    var currentIsDigit = false
    func flush() {
      if !current.isEmpty { out.append(current) }
      current = ""
    }
    for c in text.lowercased() {
      if c.isLetter || c == "." && !current.isEmpty && !currentIsDigit {
        if currentIsDigit { flush() }
        currentIsDigit = false
        if c != "." { current.append(c) }
      } else if c.isNumber, let d = c.wholeNumberValue {
        if !currentIsDigit && !current.isEmpty {
          // 21st · 1990s: digits then letters; letters then digits split.
          flush()
        }
        currentIsDigit = true
        current += String(d)
      } else {
        flush()
        currentIsDigit = false
        if c == "-" || c == "–" || c == "—" { out.append("-") } else if ",:+".contains(c) { out.append(String(c)) }
      }
    }
    flush()
    return out
  }

  /// The value of a DATE or TIME mention's text, resolved against
  /// `reference` (the document's date) where the text is relative or leaves
  /// the year out. Nil when nothing can be said (other labels, `today`
  /// without a reference).
  public static func value(of text: String, label: EntityLabel, reference: CalendarDate?) -> String? {
    switch label {
    case .DATE: return dateValue(tokens(text), reference)
    case .TIME: return timeValue(tokens(text), reference)
    default: return nil
    }
  }

  /// The document's date found in its text: the first full date (day,
  /// month and year, as in a dateline) among its DATE mentions.
  public static func documentDate(in mentions: [Mention]) -> CalendarDate? {
    for m in mentions where m.label == .DATE && m.layer == .core {
      guard let value = dateValue(tokens(m.text), nil) else { continue }
      let first = value.split(separator: "/").first.map(String.init) ?? value
      if let date = CalendarDate(iso: first) { return date }
    }
    return nil
  }

  // MARK: Dates

  static func number(_ s: String) -> Int? { s.first?.isNumber == true ? Int(s) : nil }
  static func isYear(_ s: String) -> Bool { s.count == 4 && number(s) != nil }
  /// A day of the month: `21` or `21st`.
  static func day(_ s: String) -> Int? {
    var digits = s
    for suffix in ["st", "nd", "rd", "th"] where s.hasSuffix(suffix) { digits = String(s.dropLast(2)) }
    guard digits.count <= 2, let n = number(digits), (1...31).contains(n) else { return nil }
    return n
  }

  static func dateValue(_ t: [String], _ reference: CalendarDate?) -> String? {
    var t = t.filter { !["st", "nd", "rd", "th"].contains($0) }
    if t.count > 2, t[0] == "mid", t[1] == "-" { t.removeFirst(2) }
    guard let first = t.first else { return nil }
    // year 2020 · years 2018-2020
    if first == "year" || first == "years", t.count > 1, isYear(t[1]) { t.removeFirst() }
    // 10 years · 70-year · 21st (as in "the 21st century" it is no date here)
    if let n = number(t[0]), let unitIndex = t.firstIndex(where: { durationUnit($0) != nil }) {
      let rest = t[1..<unitIndex].filter { $0 != "-" }
      if rest.isEmpty, let (factor, unit) = durationUnit(t[unitIndex]) { return "P\(n * factor)\(unit)" }
    }
    if let relative = relativeValue(t, reference) { return relative }
    // Thursday · Thursday, November 21
    if let weekday = weekdayNumbers[t[0]] {
      if t.count > 2, t[1] == ",", monthNumbers[t[2]] != nil { return dateValue(Array(t[2...]), reference) }
      guard let reference else { return "XXXX-WXX-\(weekday)" }
      var offset = (weekday - reference.weekday + 7) % 7
      if offset > 3 { offset -= 7 }
      return reference.adding(days: offset).description
    }
    // November 20-21, 2019 · November 22, 2019 · November 2019 · November
    if let month = monthNumbers[t[0]] {
      let rest = Array(t[1...].filter { $0 != "," })
      if let first = rest.first, let d1 = day(first), !isYear(first) {
        var d2: Int?
        var yearIndex = 1
        if rest.count > 2, rest[1] == "-" || rest[1] == "to" || rest[1] == "and", let d = day(rest[2]), !isYear(rest[2])
        {
          d2 = d
          yearIndex = 3
        }
        let year = rest.count > yearIndex && isYear(rest[yearIndex]) ? Int(rest[yearIndex]) : nil
        return dayValue(year: year, month: month, days: d1, d2, reference)
      }
      if let first = rest.first, isYear(first) { return "\(first)-\(pad(month, 2))" }
      return "\(yearOf(month: month, reference).map { pad($0, 4) } ?? "XXXX")-\(pad(month, 2))"
    }
    // 20 November 2019 · 20 November
    if t.count > 1, let d = day(t[0]), !isYear(t[0]), let month = monthNumbers[t[1]] {
      let year = t.count > 2 && isYear(t[2]) ? Int(t[2]) : nil
      return dayValue(year: year, month: month, days: d, nil, reference)
    }
    // 1990s: a decade is its first three digits.
    if t.count == 2, isYear(t[0]), t[1] == "s" { return String(t[0].prefix(3)) }
    // 2011 · 2018-2020 · 2018 to 2020
    if isYear(t[0]) {
      if t.count > 2, t[1] == "-" || t[1] == "to" || t[1] == "and", isYear(t[2]) { return "\(t[0])/\(t[2])" }
      return t[0]
    }
    return nil
  }

  static func durationUnit(_ word: String) -> (Int, String)? {
    switch word {
    case "day", "days": return (1, "D")
    case "week", "weeks": return (1, "W")
    case "month", "months": return (1, "M")
    case "year", "years": return (1, "Y")
    case "decade", "decades": return (10, "Y")
    case "century", "centuries": return (100, "Y")
    default: return nil
    }
  }

  /// today · yesterday · tomorrow · (this|next|last) (week|weekend|month|year)
  static func relativeValue(_ t: [String], _ reference: CalendarDate?) -> String? {
    let shifts = ["yesterday": -1, "today": 0, "tomorrow": 1]
    if t.count == 1, let shift = shifts[t[0]] { return reference?.adding(days: shift).description }
    guard t.count == 2, let step = ["last": -1, "this": 0, "next": 1][t[0]] else { return nil }
    guard let reference else { return nil }
    switch t[1] {
    case "week": return reference.adding(days: 7 * step).isoWeek
    case "weekend": return reference.adding(days: 7 * step).isoWeek + "-WE"
    case "month":
      let index = reference.year * 12 + reference.month - 1 + step
      return "\(pad(index / 12, 4))-\(pad(index % 12 + 1, 2))"
    case "year": return pad(reference.year + step, 4)
    default: return nil
    }
  }

  /// The year a month without one most likely means: the one that puts it
  /// nearest the reference date.
  static func yearOf(month: Int, _ reference: CalendarDate?) -> Int? {
    guard let reference else { return nil }
    let delta = month - reference.month
    if delta > 6 { return reference.year - 1 }
    if delta < -6 { return reference.year + 1 }
    return reference.year
  }

  static func dayValue(year: Int?, month: Int, days d1: Int, _ d2: Int?, _ reference: CalendarDate?) -> String {
    let y = (year ?? yearOf(month: month, reference)).map { pad($0, 4) } ?? "XXXX"
    let start = "\(y)-\(pad(month, 2))-\(pad(d1, 2))"
    guard let d2 else { return start }
    return "\(start)/\(y)-\(pad(month, 2))-\(pad(d2, 2))"
  }

  // MARK: Times

  /// 09:59 · 4:10 PM GMT+7 · 10 a.m.
  static func timeValue(_ t: [String], _ reference: CalendarDate?) -> String? {
    guard let first = t.first, var hour = number(first), hour <= 24 else { return nil }
    var i = 1
    var minute = 0
    if t.count > 2, t[1] == ":", let m = number(t[2]), m < 60 {
      minute = m
      i = 3
    }
    if i < t.count, ["am", "a.m", "pm", "p.m"].contains(t[i].replacingDots) {
      let pm = t[i].hasPrefix("p")
      if pm && hour < 12 { hour += 12 }
      if !pm && hour == 12 { hour = 0 }
      i += 1
    }
    var zone = ""
    if i < t.count, let z = zoneOffsets[t[i]] {
      zone = z
      i += 1
      if i + 1 < t.count, t[i] == "+" || t[i] == "-", let n = number(t[i + 1]), n <= 14 {
        zone = n == 0 ? "Z" : "\(t[i])\(pad(n, 2)):00"
      }
    }
    let date = reference?.description ?? "XXXX-XX-XX"
    return "\(date)T\(pad(hour, 2)):\(pad(minute, 2))\(zone)"
  }
}

extension String {
  fileprivate var replacingDots: String { filter { $0 != "." } }
}
