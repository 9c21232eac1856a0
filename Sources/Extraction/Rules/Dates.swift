/// The date and time grammar of the guidelines. A DATE contains a digit, a
/// month or weekday name, or is today / yesterday / tomorrow /
/// (this|next|last) (week|month|year); vague periods are not dates. A
/// duration with a digit is a DATE (`10 years`, `70-year`); a part of day
/// without a clock time is left out. TIME is a clock time with its
/// meridiem and zone.
struct DateGrammar {
  let rules: RuleSet
  let tokens: [Token]
  let bytes: UnsafeBufferPointer<UInt8>

  static let rule = RuleRef(id: "date-grammar", origin: RuleOrigin(file: "Dates.swift", line: 1, tier: .builtIn))
  static let timeRule = RuleRef(id: "time-grammar", origin: RuleOrigin(file: "Dates.swift", line: 1, tier: .builtIn))

  private func text(_ i: Int) -> String {
    String(
      decoding: UnsafeBufferPointer(rebasing: bytes[Int(tokens[i].byteStart)..<Int(tokens[i].byteEnd)]), as: UTF8.self)
  }
  private func lower(_ i: Int) -> String { text(i).lowercased() }
  private func isPunct(_ i: Int, _ chars: Set<String>) -> Bool {
    i < tokens.count && tokens[i].flags.contains(.punct) && chars.contains(text(i))
  }
  private func tight(_ i: Int) -> Bool { i < tokens.count && !tokens[i].flags.contains(.spaceBefore) }
  private func number(_ i: Int) -> Int? {
    guard i < tokens.count, tokens[i].flags.contains(.number) else { return nil }
    return Int(text(i))
  }
  private func isDay(_ i: Int) -> Bool {
    if let n = number(i), (1...31).contains(n), tokens[i].byteEnd - tokens[i].byteStart <= 2 { return true }
    // 21st, 3rd
    guard i < tokens.count, tokens[i].flags.contains(.digit) else { return false }
    let t = lower(i)
    guard let n = Int(t.prefix(while: \.isNumber)), (1...31).contains(n) else { return false }
    return ["st", "nd", "rd", "th"].contains(String(t.drop(while: \.isNumber)))
  }
  private func isYear(_ i: Int) -> Bool { i < tokens.count && Pattern.isYear(tokens[i], bytes) }
  private func isMonth(_ i: Int) -> Bool {
    i < tokens.count && tokens[i].flags.isCapitalized && rules.contains("months", tokens[i])
  }
  private func isWeekday(_ i: Int) -> Bool {
    i < tokens.count && tokens[i].flags.isCapitalized && rules.contains("weekdays", tokens[i])
  }
  private let dash: Set<String> = ["-", "–", "—"]

  /// After a day or year: `-21`, `–2020`, ` to 2020`.
  private func rangeEnd(_ i: Int, _ isSame: (Int) -> Bool) -> Int? {
    if isPunct(i, dash), isSame(i + 1) { return i + 2 }
    if i < tokens.count, lower(i) == "to" || lower(i) == "and", isSame(i + 1) { return i + 2 }
    return nil
  }

  func spans() -> [Span] {
    var out: [Span] = []
    var i = 0
    while i < tokens.count {
      if let end = date(at: i) {
        out.append(Span(first: i, end: end, label: .DATE, rule: Self.rule))
        i = end
      } else if let end = time(at: i) {
        out.append(Span(first: i, end: end, label: .TIME, rule: Self.timeRule))
        i = end
      } else {
        i += 1
      }
    }
    return out
  }

  private func date(at i: Int) -> Int? {
    let token = tokens[i]
    if isMonth(i) {
      // November 20-21 · November 22, 2019 · November 2019 · November
      if isDay(i + 1) {
        var end = i + 2
        if let r = rangeEnd(end, isDay) { end = r }
        if isPunct(end, [","]), isYear(end + 1) {
          end += 2
        } else if isYear(end) {
          end += 1
        }
        return end
      }
      if isYear(i + 1) { return i + 2 }
      // A bare month name needs a preposition before it ("in May", not "May I").
      if i > 0,
        [
          "in", "since", "until", "by", "during", "from", "of", "early", "late", "mid", "last", "next", "this",
          "before", "after", "through",
        ].contains(lower(i - 1))
      {
        return i + 1
      }
      return nil
    }
    if isWeekday(i) {
      // Thursday · Thursday, November 21 (the month part is taken by the month rule next)
      if isPunct(i + 1, [","]), isMonth(i + 2), let end = date(at: i + 2) { return end }
      return i + 1
    }
    if isDay(i), isMonth(i + 1) {
      // 20 November 2019
      var end = i + 2
      if isYear(end) { end += 1 }
      return end
    }
    if isYear(i) {
      var end = i + 1
      if let r = rangeEnd(end, isYear) { end = r }
      return end
    }
    if token.flags.contains(.digit) && token.flags.contains(.word) {
      // 1990s
      let t = lower(i)
      if t.count == 5, t.hasSuffix("s"), t.prefix(4).allSatisfy(\.isNumber) { return i + 1 }
    }
    if token.flags.contains(.number), !isPunct(i - 1, ["$", "€", "£"]) {
      // 10 years · 70-year
      if i + 1 < tokens.count, rules.contains("date_units", tokens[i + 1]), tokens[i + 1].flags.contains(.lower) {
        return i + 2
      }
      if isPunct(i + 1, ["-"]), tight(i + 1), tight(i + 2), i + 2 < tokens.count,
        rules.contains("date_units", tokens[i + 2])
      {
        return i + 3
      }
    }
    if token.flags.contains(.word) {
      let w = lower(i)
      if w == "year" || w == "years", isYear(i + 1) {
        // year 2020
        var end = i + 2
        if let r = rangeEnd(end, isYear) { end = r }
        return end
      }
      if rules.contains("relative_days", token) { return i + 1 }
      if ["this", "next", "last"].contains(w), i + 1 < tokens.count,
        ["week", "month", "year", "weekend"].contains(lower(i + 1))
      {
        return i + 2
      }
    }
    return nil
  }

  private func time(at i: Int) -> Int? {
    // 09:59 · 4:10 PM GMT+7 · 10 a.m.
    guard let hour = number(i), hour <= 24 else { return nil }
    var end = i + 1
    if isPunct(end, [":"]), tight(end), tight(end + 1), let minute = number(end + 1), minute < 60,
      tokens[end + 1].byteEnd - tokens[end + 1].byteStart == 2
    {
      end += 2
    } else if !(end < tokens.count && ["am", "pm", "a.m.", "p.m.", "a.m", "p.m"].contains(lower(end))) {
      return nil
    }
    if end < tokens.count, ["am", "pm", "a.m.", "p.m.", "a.m", "p.m"].contains(lower(end)) {
      end += 1
      if end < tokens.count,
        lower(end) == "." && tokens[end - 1].flags.contains(.abbreviation) == false
          && text(end - 1).hasSuffix("m") && lower(end - 1).contains(".")
      {
        end += 1
      }
    }
    if end < tokens.count, ["gmt", "utc", "ict", "est", "edt", "pst", "cet", "bst", "jst"].contains(lower(end)) {
      end += 1
      // GMT+7
      if isPunct(end, ["+", "-"]), tight(end), tight(end + 1), number(end + 1) != nil { end += 2 }
    }
    return end
  }
}
