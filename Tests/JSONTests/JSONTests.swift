import Testing

@testable import JSON

@Suite struct JanssonRoundTrip {
  @Test func parsesAndSerialisesCompactUTF8() throws {
    let value = try JSONValue.parse(#"{"b": [1, 2.5, true, null], "a": "Việt Nam"}"#)
    #expect(value["a"]?.stringValue == "Việt Nam")
    #expect(try value.serialized() == #"{"b":[1,2.5,true,null],"a":"Việt Nam"}"#)
  }

  @Test func keepsKeyOrder() throws {
    let text = #"{"doc":"a.txt","start":1,"end":2,"label":"GPE"}"#
    #expect(try JSONValue.parse(text).serialized() == text)
  }

  @Test func nulInsideAStringSurvives() throws {
    let value = try JSONValue.parse(#"["a\u0000b"]"#)
    #expect(value.arrayValue?.first?.stringValue == "a\u{0}b")
    #expect(try value.serialized() == #"["a\u0000b"]"#)
    #expect(try JSONValue.parse(try value.serialized()) == value)
  }

  @Test func deepNestingIsAnErrorNotACrash() {
    let text = String(repeating: "[", count: 100_000)
    #expect(throws: JSONParseError.self) { try JSONValue.parse(text) }
  }

  @Test func errorsCarryLineColumnAndPosition() {
    do {
      _ = try JSONValue.parse("{\n  \"a\": tru\n}")
      Issue.record("expected an error")
    } catch let error as JSONParseError {
      #expect(error.line == 2)
      #expect(error.column > 0)
      #expect(error.position > 0)
      #expect(!error.message.isEmpty)
    } catch {
      Issue.record("unexpected \(error)")
    }
  }

  @Test func invalidUTF8IsAParseError() {
    #expect(throws: JSONParseError.self) { try JSONValue.parse([0x22, 0xFF, 0x22]) }
  }

  @Test func scalarsAtTheTopLevel() throws {
    #expect(try JSONValue.parse("3") == .int(3))
    #expect(try JSONValue.parse("\"x\"") == .string("x"))
    #expect(try JSONValue.null.serialized() == "null")
  }

  @Test func nonFiniteNumbersAreRefused() {
    #expect(throws: JSONEncodeError.self) { try JSONValue.double(.nan).serialized() }
  }

  @Test func largeIntegersAndReals() throws {
    #expect(try JSONValue.parse("9007199254740993") == .int(9_007_199_254_740_993))
    #expect(try JSONValue.double(0.9).serialized() == "0.9")
  }
}

@Suite struct CodableMapping {
  struct Span: Codable, Equatable {
    var doc: String
    var start: Int
    var end: Int
    var label: String
    var entity: String?
    var tags: [String]
  }

  @Test func roundTripsAStruct() throws {
    let span = Span(doc: "a.txt", start: 1, end: 4, label: "GPE", entity: nil, tags: ["x"])
    let json = try JSONValue(encoding: span)
    #expect(json.jsonText == #"{"doc":"a.txt","start":1,"end":4,"label":"GPE","tags":["x"]}"#)
    #expect(try json.decode(Span.self) == span)
  }

  @Test func missingFieldIsNamed() throws {
    let json = try JSONValue.parse(#"{"doc":"a","start":1,"label":"GPE","tags":[]}"#)
    #expect(throws: DecodingError.self) { try json.decode(Span.self) }
    do { _ = try json.decode(Span.self) } catch { #expect(describeDecodingError(error) == "end: missing") }
  }

  @Test func wrongTypeIsNamedWithItsPath() throws {
    struct Outer: Codable { var inner: [Span] }
    let json = try JSONValue.parse(#"{"inner":[{"doc":"a","start":"x","end":1,"label":"L","tags":[]}]}"#)
    do {
      _ = try json.decode(Outer.self)
      Issue.record("expected an error")
    } catch {
      #expect(describeDecodingError(error) == "inner[0].start: expected integer, found string")
    }
  }

  @Test func arbitraryJSONFieldsPassThrough() throws {
    struct Holder: Codable { var any: JSONValue }
    let json = try JSONValue.parse(#"{"any":{"z":[1,{"y":null}]}}"#)
    let holder = try json.decode(Holder.self)
    #expect(try JSONValue(encoding: holder) == json)
  }
}
