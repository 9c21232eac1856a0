/// The date and time grammar of the guidelines. A DATE contains a digit, a
/// month or weekday name, or is today / yesterday / tomorrow /
/// (this|next|last) (week|month|year); vague periods are not dates. A
/// duration with a digit is a DATE (`10 years`, `70-year`); a part of day
/// without a clock time is left out. TIME is a clock time with its
/// meridiem and zone. Words are compared by vocabulary id, never as strings.
struct DateGrammar {
  let lexicon: Lexicon
  let tokens: [Token]
  let bytes: UnsafeBufferPointer<UInt8>

  static let rule = RuleRef(
    id: "date-grammar", kind: .code, origin: RuleOrigin(file: "Dates.swift", line: 1, tier: .builtIn))
  static let timeRule = RuleRef(
    id: "time-grammar", kind: .code, origin: RuleOrigin(file: "Dates.swift", line: 1, tier: .builtIn))

  init(rules: RuleSet, tokens: [Token], bytes: UnsafeBufferPointer<UInt8>) {
    self.lexicon = rules.lexicon
    self.tokens = tokens
    self.bytes = bytes
  }

  private func word(_ i: Int) -> Int32 { i < tokens.count ? tokens[i].word : -1 }
  private func tight(_ i: Int) -> Bool { i < tokens.count && !tokens[i].flags.contains(.spaceBefore) }
  private func length(_ i: Int) -> Int { Int(tokens[i].byteEnd - tokens[i].byteStart) }

  /// The value of a token of digits only (at most 4).
  private func number(_ i: Int) -> Int? {
    guard i < tokens.count, tokens[i].flags.contains(.number), length(i) <= 4 else { return nil }
    var value = 0
    for b in Int(tokens[i].byteStart)..<Int(tokens[i].byteEnd) {
      let d = Int(bytes[b]) - 48
      guard d >= 0 && d <= 9 else { return nil }
      value = value * 10 + d
    }
    return value
  }

  private func isDay(_ i: Int) -> Bool {
    if let n = number(i), (1...31).contains(n), length(i) <= 2 { return true }
    // 21st, 3rd
    guard i < tokens.count, tokens[i].flags.contains(.digit), tokens[i].flags.contains(.word), length(i) <= 4 else {
      return false
    }
    guard Pattern.test(.ordinal, tokens[i], bytes) else { return false }
    let first = Int(bytes[Int(tokens[i].byteStart)]) - 48
    return first >= 0 && first <= 3
  }
  private func isYear(_ i: Int) -> Bool { i < tokens.count && Pattern.isYear(tokens[i], bytes) }
  private func isMonth(_ i: Int) -> Bool {
    i < tokens.count && tokens[i].flags.isCapitalized && lexicon.months.contains(tokens[i].word)
  }
  private func isWeekday(_ i: Int) -> Bool {
    i < tokens.count && tokens[i].flags.isCapitalized && lexicon.weekdays.contains(tokens[i].word)
  }

  /// After a day or year: `-21`, `–2020`, ` to 2020`.
  private func rangeEnd(_ i: Int, _ isSame: (Int) -> Bool) -> Int? {
    if lexicon.dashes.contains(word(i)), isSame(i + 1) { return i + 2 }
    if word(i) == lexicon.to || word(i) == lexicon.and, isSame(i + 1) { return i + 2 }
    return nil
  }

  func spans() -> [Span] {
    var out: [Span] = []
    var i = 0
    while i < tokens.count {
      let flags = tokens[i].flags
      // Only digits and a few listed words can start a date or time.
      if !flags.contains(.digit) && !lexicon.dateStarts.contains(tokens[i].word) {
        i += 1
        continue
      }
      if isAmount(i) {
        i += 1
        continue
      }
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

  /// A number that is an amount: after a currency sign (`$18.1 million`,
  /// `€3.5 billion`) or before `%`, `percent`, `per cent`, `million`… It is
  /// never a date, whatever its digits.
  private func isAmount(_ i: Int) -> Bool {
    guard tokens[i].flags.contains(.number) else { return false }
    if i > 0, lexicon.currency.contains(word(i - 1)) { return true }
    if lexicon.amountUnits.contains(word(i + 1)) { return true }
    return word(i + 1) == lexicon.per && word(i + 2) == lexicon.cent
  }

  /// Whether a month name is part of a name or an event rather than a
  /// date: before a capitalised word (`June Carter`, `March Madness`), after
  /// one within a sentence or after a possessive (`Long March`, `Women's
  /// March`), or after a determiner and before a preposition (`the March on
  /// Washington`).
  private func monthIsInName(_ i: Int) -> Bool {
    let next = i + 1 < tokens.count && !tokens[i + 1].flags.contains(.lineBefore) ? tokens[i + 1] : nil
    if let next, next.flags.isCapitalized, !lexicon.dateStarts.contains(next.word) { return true }
    guard i > 0, !tokens[i].flags.contains(.lineBefore) else { return false }
    let previous = tokens[i - 1]
    if previous.flags.contains(.possessive) { return true }
    if previous.flags.isCapitalized, !tokens[i].flags.contains(.sentenceStart),
      !lexicon.monthPrepositions.contains(previous.word)
    {
      return true
    }
    if lexicon.determiners.contains(previous.word), let next,
      lexicon.titlePrepositions.contains(next.word)
        || next.word == lexicon.against || next.word == lexicon.on
    {
      return true
    }
    return false
  }

  private func date(at i: Int) -> Int? {
    let token = tokens[i]
    // mid-March · mid-2020 · mid-1990s
    if token.word == lexicon.mid, word(i + 1) == lexicon.hyphen, tight(i + 1), tight(i + 2), i + 2 < tokens.count {
      if let end = date(at: i + 2) { return end }
      if isMonth(i + 2) { return i + 3 }
      return nil
    }
    if isMonth(i) {
      // November 20-21 · November 22, 2019 · November 2019 · in November
      if isDay(i + 1) {
        var end = i + 2
        if let r = rangeEnd(end, isDay) { end = r }
        if word(end) == lexicon.comma, isYear(end + 1) {
          end += 2
        } else if isYear(end) {
          end += 1
        }
        return end
      }
      if isYear(i + 1) { return i + 2 }
      // A bare month name: after a date preposition ("in May", not "May
      // I"), or after another month ("April and May", "April-May").
      if i > 0, lexicon.monthPrepositions.contains(word(i - 1)) { return i + 1 }
      if i > 1, word(i - 1) == lexicon.and || word(i - 1) == lexicon.or || lexicon.dashes.contains(word(i - 1)),
        isMonth(i - 2)
      {
        return i + 1
      }
      // Other months than May stand alone, unless part of a name.
      if lexicon.bareMonths.contains(token.word), !monthIsInName(i) { return i + 1 }
      return nil
    }
    if isWeekday(i) {
      // Thursday · Thursday, November 21
      if word(i + 1) == lexicon.comma, isMonth(i + 2), let end = date(at: i + 2) { return end }
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
    if token.flags.contains(.digit) && token.flags.contains(.word) && length(i) == 5 {
      // 1990s
      let s = Int(token.byteStart)
      if bytes[s + 4] == 0x73, (0..<4).allSatisfy({ bytes[s + $0] >= 0x30 && bytes[s + $0] <= 0x39 }) { return i + 1 }
    }
    if token.flags.contains(.number), !(i > 0 && lexicon.currency.contains(word(i - 1))) {
      // 10 years · 70-year
      if i + 1 < tokens.count, lexicon.dateUnits.contains(word(i + 1)), tokens[i + 1].flags.contains(.lower) {
        return i + 2
      }
      if word(i + 1) == lexicon.hyphen, tight(i + 1), tight(i + 2), lexicon.dateUnits.contains(word(i + 2)) {
        return i + 3
      }
    }
    if token.flags.contains(.word) {
      let w = token.word
      if w == lexicon.year || w == lexicon.years, isYear(i + 1) {
        // year 2020
        var end = i + 2
        if let r = rangeEnd(end, isYear) { end = r }
        return end
      }
      if lexicon.relativeDays.contains(w) { return i + 1 }
      if lexicon.relativeModifiers.contains(w), lexicon.periods.contains(word(i + 1)) { return i + 2 }
    }
    return nil
  }

  private func time(at i: Int) -> Int? {
    // 09:59 · 4:10 PM GMT+7 · 10 a.m.
    guard let hour = number(i), hour <= 24, length(i) <= 2 else { return nil }
    var end = i + 1
    if word(end) == lexicon.colon, tight(end), tight(end + 1), let minute = number(end + 1), minute < 60,
      length(end + 1) == 2
    {
      end += 2
    } else if !lexicon.meridiems.contains(word(end)) {
      return nil
    }
    if lexicon.meridiems.contains(word(end)) { end += 1 }
    if lexicon.zones.contains(word(end)) {
      end += 1
      // GMT+7
      if lexicon.plusMinus.contains(word(end)), tight(end), tight(end + 1), number(end + 1) != nil { end += 2 }
    }
    return end
  }
}
