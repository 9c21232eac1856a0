import Extraction
import Testing

/// The normalised values of DATE and TIME mentions, on a table of
/// expressions: text, label, reference date (or none), expected value.
@Suite struct TemporalValues {
  struct Case: Sendable, CustomTestStringConvertible {
    var text: String
    var label: EntityLabel = .DATE
    var reference: String?
    var value: String?
    var testDescription: String { "\(text) @ \(reference ?? "none") → \(value ?? "nil")" }
  }

  static let cases: [Case] = [
    // Absolute dates: the reference does not matter.
    Case(text: "November 20-21, 2019", reference: nil, value: "2019-11-20/2019-11-21"),
    Case(text: "November 22, 2019", reference: nil, value: "2019-11-22"),
    Case(text: "Nov. 22, 2019", reference: "2001-01-01", value: "2019-11-22"),
    Case(text: "20 November 2019", reference: nil, value: "2019-11-20"),
    Case(text: "November 21st, 2019", reference: nil, value: "2019-11-21"),
    Case(text: "November 2019", reference: nil, value: "2019-11"),
    Case(text: "2019", reference: nil, value: "2019"),
    Case(text: "year 2020", reference: nil, value: "2020"),
    Case(text: "2018-2020", reference: nil, value: "2018/2020"),
    Case(text: "1990s", reference: nil, value: "199"),
    Case(text: "mid-2020", reference: nil, value: "2020"),
    Case(text: "Thursday, November 21, 2019", reference: nil, value: "2019-11-21"),
    // Durations.
    Case(text: "10 years", reference: "2019-11-22", value: "P10Y"),
    Case(text: "70-year", reference: nil, value: "P70Y"),
    Case(text: "two decades", reference: nil, value: nil),
    Case(text: "3 days", reference: nil, value: "P3D"),
    // A year left out: the reference's, or the nearest one to it.
    Case(text: "November 20-21", reference: "2019-11-22", value: "2019-11-20/2019-11-21"),
    Case(text: "November 20-21", reference: nil, value: "XXXX-11-20/XXXX-11-21"),
    Case(text: "November 20", reference: nil, value: "XXXX-11-20"),
    Case(text: "December 28", reference: "2020-01-03", value: "2019-12-28"),
    Case(text: "January 2", reference: "2019-12-30", value: "2020-01-02"),
    Case(text: "November", reference: "2019-11-22", value: "2019-11"),
    Case(text: "mid-March", reference: nil, value: "XXXX-03"),
    // Relative dates.
    Case(text: "yesterday", reference: "2019-11-22", value: "2019-11-21"),
    Case(text: "today", reference: "2019-11-22", value: "2019-11-22"),
    Case(text: "tomorrow", reference: "2019-12-31", value: "2020-01-01"),
    Case(text: "yesterday", reference: nil, value: nil),
    Case(text: "last month", reference: "2019-01-15", value: "2018-12"),
    Case(text: "next month", reference: "2019-11-22", value: "2019-12"),
    Case(text: "next year", reference: "2019-11-20", value: "2020"),
    Case(text: "last year", reference: nil, value: nil),
    Case(text: "this week", reference: "2019-11-22", value: "2019-W47"),
    Case(text: "last week", reference: "2021-01-06", value: "2020-W53"),
    Case(text: "next weekend", reference: "2019-11-22", value: "2019-W48-WE"),
    // A weekday: the nearest one to the reference (2019-11-22 is a Friday).
    Case(text: "Tuesday", reference: "2019-11-22", value: "2019-11-19"),
    Case(text: "Friday", reference: "2019-11-22", value: "2019-11-22"),
    Case(text: "Monday", reference: "2019-11-22", value: "2019-11-25"),
    Case(text: "Tuesday", reference: nil, value: "XXXX-WXX-2"),
    // Times.
    Case(text: "09:59", label: .TIME, reference: "2019-11-22", value: "2019-11-22T09:59"),
    Case(text: "09:59", label: .TIME, reference: nil, value: "XXXX-XX-XXT09:59"),
    Case(text: "4:10 PM GMT+7", label: .TIME, reference: nil, value: "XXXX-XX-XXT16:10+07:00"),
    Case(text: "10 a.m.", label: .TIME, reference: nil, value: "XXXX-XX-XXT10:00"),
    Case(text: "12 a.m. UTC", label: .TIME, reference: nil, value: "XXXX-XX-XXT00:00Z"),
    // Not a date or time: no value.
    Case(text: "Hanoi", label: .GPE, reference: "2019-11-22", value: nil),
  ]

  @Test(arguments: cases) func value(_ c: Case) {
    let reference = c.reference.flatMap { CalendarDate(iso: $0) }
    let value = Temporal.value(of: c.text, label: c.label, reference: reference)
    let expected = c.value
    #expect(value == expected)
  }

  @Test func calendarArithmetic() {
    let date = CalendarDate(iso: "2019-11-22")
    let weekday = date?.weekday
    #expect(weekday == 5)
    let leap = CalendarDate(iso: "2020-02-28")?.adding(days: 1).description
    #expect(leap == "2020-02-29")
    let invalid = CalendarDate(iso: "2019-02-29")
    #expect(invalid == nil)
    let back = CalendarDate(dayNumber: 0).description
    #expect(back == "1970-01-01")
  }
}
