import Foundation
import GlossTestSupport
import JSON
import Protocol
import Testing

@testable import Server

/// The issue's experiment, small: eight newswire stories with gold, where
/// the rules make the usual errors (“US” of “US$” read as a country, a city
/// and a senator missed, “Gen” kept in a name, a minister's name cut
/// short). An analyst fixes every error in the first half through code
/// actions (the default scope, everywhere); the second half is never
/// touched. The names recur across both halves.
enum HalfCorrected {
  static let corrected = ["a1.txt", "a2.txt", "a3.txt", "a4.txt"]
  static let uncorrected = ["b1.txt", "b2.txt", "b3.txt", "b4.txt"]

  static let stories: [String: String] = [
    "a1.txt": """
    HANOI (Reuters) - Vietnam's economy grew 6.5 percent last year, the General Statistics Office said on \
    Tuesday. Exports to the US rose to US$97 billion, driven by electronics.
    Deputy Defence Minister Gen Nguyen Chi Vinh said the country would keep its defence policy. The US said it \
    welcomed the growth.
    """,
    "a2.txt": """
    DA NANG - Flights resumed at Da Nang airport on Monday after a storm. Officials in Da Nang said US$2 million \
    had been set aside for repairs.
    Thai Prime Minister Prayut Chan-o-cha is due to visit Da Nang next month, the Foreign Ministry said.
    """,
    "a3.txt": """
    BANGKOK - Thai Prime Minister Prayut Chan-o-cha met Vietnamese Deputy Foreign Minister Luong Hoang Thai on \
    Friday. Thai said the two countries aimed to raise trade to US$25 billion by 2025.
    The US has urged both sides to settle disputes peacefully.
    """,
    "a4.txt": """
    WASHINGTON - Sen. Marco Rubio said on Wednesday the US would keep ships in the South China Sea. The Pentagon \
    plans to spend US$3 billion on new patrol vessels.
    Gen Nguyen Chi Vinh met US officials in Hanoi last week.
    """,
    "b1.txt": """
    HANOI - Vietnam's central bank said on Thursday it would hold interest rates steady. Foreign investment \
    reached US$20 billion, most of it from Japan and the US.
    Gen Nguyen Chi Vinh told reporters the US remained an important partner.
    """,
    "b2.txt": """
    DA NANG - A new terminal opened at Da Nang airport on Saturday. The project cost US$150 million, the \
    Transport Ministry said.
    Thai Prime Minister Prayut Chan-o-cha sent a message of congratulations.
    """,
    "b3.txt": """
    SINGAPORE - Vietnamese Deputy Foreign Minister Luong Hoang Thai told a forum in Singapore on Monday that the \
    region needed US$1 trillion in infrastructure. Thai said the US and China should cooperate.
    """,
    "b4.txt": """
    WASHINGTON - Sen. Marco Rubio urged the US Navy to expand patrols near Da Nang. The US and Vietnam signed a \
    deal worth US$500 million in June.
    """,
  ]

  /// Gold: (document, text, which occurrence of the text, label, entity).
  static let gold: [(String, String, Int, String, String?)] = [
    ("a1.txt", "HANOI", 1, "GPE", "hanoi"), ("a1.txt", "Reuters", 1, "ORG", "reuters"),
    ("a1.txt", "Vietnam", 1, "GPE", "vietnam"), ("a1.txt", "last year", 1, "DATE", nil),
    ("a1.txt", "General Statistics Office", 1, "ORG", "general-statistics-office"),
    ("a1.txt", "Tuesday", 1, "DATE", nil), ("a1.txt", "US", 1, "GPE", "united-states"),
    ("a1.txt", "Nguyen Chi Vinh", 1, "PERSON", "nguyen-chi-vinh"), ("a1.txt", "US", 3, "GPE", "united-states"),
    ("a2.txt", "DA NANG", 1, "GPE", "da-nang"), ("a2.txt", "Da Nang airport", 1, "FAC", "da-nang-airport"),
    ("a2.txt", "Monday", 1, "DATE", nil), ("a2.txt", "Da Nang", 2, "GPE", "da-nang"),
    ("a2.txt", "Thai", 1, "NORP", "thai"), ("a2.txt", "Prayut Chan-o-cha", 1, "PERSON", "prayut-chan-o-cha"),
    ("a2.txt", "Da Nang", 3, "GPE", "da-nang"), ("a2.txt", "next month", 1, "DATE", nil),
    ("a2.txt", "Foreign Ministry", 1, "ORG", "foreign-ministry"),
    ("a3.txt", "BANGKOK", 1, "GPE", "bangkok"), ("a3.txt", "Thai", 1, "NORP", "thai"),
    ("a3.txt", "Prayut Chan-o-cha", 1, "PERSON", "prayut-chan-o-cha"),
    ("a3.txt", "Vietnamese", 1, "NORP", "vietnamese"),
    ("a3.txt", "Luong Hoang Thai", 1, "PERSON", "luong-hoang-thai"), ("a3.txt", "Friday", 1, "DATE", nil),
    ("a3.txt", "Thai", 3, "PERSON", "luong-hoang-thai"), ("a3.txt", "2025", 1, "DATE", nil),
    ("a3.txt", "US", 2, "GPE", "united-states"),
    ("a4.txt", "WASHINGTON", 1, "GPE", "washington"), ("a4.txt", "Marco Rubio", 1, "PERSON", "marco-rubio"),
    ("a4.txt", "Wednesday", 1, "DATE", nil), ("a4.txt", "US", 1, "GPE", "united-states"),
    ("a4.txt", "South China Sea", 1, "LOC", "south-china-sea"),
    ("a4.txt", "Pentagon", 1, "ORG", "united-states-department-of-defense"),
    ("a4.txt", "Nguyen Chi Vinh", 1, "PERSON", "nguyen-chi-vinh"), ("a4.txt", "US", 3, "GPE", "united-states"),
    ("a4.txt", "Hanoi", 1, "GPE", "hanoi"), ("a4.txt", "last week", 1, "DATE", nil),
    ("b1.txt", "HANOI", 1, "GPE", "hanoi"), ("b1.txt", "Vietnam", 1, "GPE", "vietnam"),
    ("b1.txt", "Thursday", 1, "DATE", nil), ("b1.txt", "Japan", 1, "GPE", "japan"),
    ("b1.txt", "US", 2, "GPE", "united-states"), ("b1.txt", "Nguyen Chi Vinh", 1, "PERSON", "nguyen-chi-vinh"),
    ("b1.txt", "US", 3, "GPE", "united-states"),
    ("b2.txt", "DA NANG", 1, "GPE", "da-nang"), ("b2.txt", "Da Nang airport", 1, "FAC", "da-nang-airport"),
    ("b2.txt", "Saturday", 1, "DATE", nil), ("b2.txt", "Transport Ministry", 1, "ORG", "transport-ministry"),
    ("b2.txt", "Thai", 1, "NORP", "thai"), ("b2.txt", "Prayut Chan-o-cha", 1, "PERSON", "prayut-chan-o-cha"),
    ("b3.txt", "SINGAPORE", 1, "GPE", "singapore"), ("b3.txt", "Vietnamese", 1, "NORP", "vietnamese"),
    ("b3.txt", "Luong Hoang Thai", 1, "PERSON", "luong-hoang-thai"), ("b3.txt", "Singapore", 1, "GPE", "singapore"),
    ("b3.txt", "Monday", 1, "DATE", nil), ("b3.txt", "Thai", 2, "PERSON", "luong-hoang-thai"),
    ("b3.txt", "US", 2, "GPE", "united-states"), ("b3.txt", "China", 1, "GPE", "china"),
    ("b4.txt", "WASHINGTON", 1, "GPE", "washington"), ("b4.txt", "Marco Rubio", 1, "PERSON", "marco-rubio"),
    ("b4.txt", "US Navy", 1, "ORG", "united-states-navy"), ("b4.txt", "Da Nang", 1, "GPE", "da-nang"),
    ("b4.txt", "US", 2, "GPE", "united-states"), ("b4.txt", "Vietnam", 1, "GPE", "vietnam"),
    ("b4.txt", "June", 1, "DATE", nil),
  ]

  struct Span: Hashable {
    var start: Int
    var end: Int
    var label: String
  }

  /// Gold spans with their offsets (the stories are ASCII: scalars are characters).
  static func goldSpans(_ path: String) -> [(span: Span, entity: String?)] {
    let text = stories[path]!
    return gold.filter { $0.0 == path }.map { _, needle, occurrence, label, entity in
      var from = text.startIndex
      var found = text.startIndex..<text.startIndex
      for _ in 0..<occurrence {
        found = text.range(of: needle, range: from..<text.endIndex)!
        from = found.upperBound
      }
      let start = text.distance(from: text.startIndex, to: found.lowerBound)
      return (Span(start: start, end: start + needle.count, label: label), entity)
    }
  }

  static func goldFile(_ path: String) -> String {
    goldSpans(path).map { span, entity in
      var object: JSONObject = [
        "doc": .string(path), "start": .int(Int64(span.start)), "end": .int(Int64(span.end)),
        "label": .string(span.label), "text": .string(text(path, span)),
      ]
      if let entity { object["entity"] = .string(entity) }
      return JSONValue.object(object).jsonText
    }.joined(separator: "\n") + "\n"
  }

  static func text(_ path: String, _ span: Span) -> String {
    let scalars = Array(stories[path]!.unicodeScalars)
    var view = String.UnicodeScalarView()
    view.append(contentsOf: scalars[span.start..<span.end])
    return String(view)
  }

  /// Strict micro F1 of the core layer from `gloss check --format json` on some documents: rules alone, and
  /// rules with the corrections.
  static func scores(_ root: URL, _ paths: [String]) throws -> (rules: Double, corrected: Double) {
    let result = try runGloss(["check", "--format", "json"] + paths, in: root)
    let report = try JSONValue.parse(result.stdout)
    let rules = report.at("core.strict.micro.f1")?.doubleValue ?? -1
    return (rules, report.at("coreWithCorrections.strict.micro.f1")?.doubleValue ?? rules)
  }
}

@Suite struct HalfCorrectedWorkspace {
  /// Core mentions the server shows for a document, as spans.
  func shown(_ client: TestClient, _ path: String) -> [HalfCorrected.Span] {
    let server: LanguageServer = client.server
    let workspace = server.workspace
    let documents = workspace.documents
    let mentions = documents[path]?.mentions ?? []
    return mentions.filter { $0.layer == .core }.map { .init(start: $0.start, end: $0.end, label: $0.label.rawValue) }
  }

  /// The analyst: takes the first error in the document and fixes it with
  /// the code action an analyst would pick. Returns false when none is left.
  func fixOneError(_ client: TestClient, _ workspace: TemporaryWorkspace, _ path: String) -> Bool {
    let text = HalfCorrected.stories[path]!
    let index = LineIndex(text)
    let uri = workspace.uri(path)
    func position(_ offset: Int) -> Position {
      let p = index.position(of: offset, .utf16)
      return Position(line: p.line, character: p.character)
    }
    func choose(_ offered: [JSONValue], _ matches: (String) -> Bool) -> Bool {
      guard let action = offered.first(where: { matches($0["title"]?.stringValue ?? "") }) else {
        Issue.record("\(path): no suitable action among \(offered.compactMap { $0["title"]?.stringValue })")
        return false
      }
      let answer = run(action, client)
      #expect(answer.at("result.correction") != nil, "\(answer)")
      return true
    }
    let shown = shown(client, path)
    for (gold, entity) in HalfCorrected.goldSpans(path) where !shown.contains(gold) {
      let at = position(gold.start)
      if let same = shown.first(where: { $0.start == gold.start && $0.end == gold.end }) {
        // The right words, the wrong reading: the same entity as a known one, else another kind.
        let offered = actions(client, uri, at, at)
        let link = offered.first { title in
          let t = title["title"]?.stringValue ?? ""
          return t.hasPrefix("Same entity as") && t.contains("(\(entity ?? "-"))") && t.contains("— everywhere")
        }
        if link != nil { return choose(offered) { $0 == link?["title"]?.stringValue } }
        _ = same
        return choose(offered) { $0.hasPrefix("Change kind of") && $0.contains("to \(gold.label) — everywhere") }
      }
      // Missed, or cut at the wrong place: select the words and annotate them.
      return choose(actions(client, uri, at, position(gold.end))) { $0 == "Annotate as \(gold.label)" }
    }
    let golds = Set(HalfCorrected.goldSpans(path).map(\.span))
    for spurious in shown where !golds.contains(spurious) {
      let at = position(spurious.start)
      return choose(actions(client, uri, at, at)) { $0.hasPrefix("Not an entity") && $0.contains("— everywhere") }
    }
    return false
  }

  @Test func correctedDocumentsReachGoldAndTheOthersNeverGetWorse() throws {
    let workspace = try TemporaryWorkspace(seeds: false)
    for (path, text) in HalfCorrected.stories { try workspace.write(path, text) }
    for path in HalfCorrected.stories.keys {
      try workspace.write("annotations/gold/\(path.dropLast(4)).jsonl", HalfCorrected.goldFile(path))
    }
    let before = try HalfCorrected.uncorrected.map { try HalfCorrected.scores(workspace.root, [$0]).rules }

    let client = TestClient()
    _ = client.initialize(workspace, options: ["gloss.author": "ana"])
    var corrections = 0
    for path in HalfCorrected.corrected {
      client.open(workspace.uri(path), HalfCorrected.stories[path]!)
      while corrections < 30, fixOneError(client, workspace, path) { corrections += 1 }
    }
    #expect(corrections < 30)

    let corrected = try HalfCorrected.scores(workspace.root, HalfCorrected.corrected)
    #expect(corrected.rules < 0.9)
    #expect(corrected.corrected >= 0.98)
    let uncorrected = try HalfCorrected.scores(workspace.root, HalfCorrected.uncorrected)
    #expect(uncorrected.corrected > uncorrected.rules)
    for (path, rules) in zip(HalfCorrected.uncorrected, before) {
      let after = try HalfCorrected.scores(workspace.root, [path]).corrected
      // Never lower (higher as a whole, above; a story the tagger already
      // reads right cannot rise).
      #expect(after >= rules, "\(path): \(rules) → \(after)")
    }

    // The policy, as the analyst sees it in the untouched half.
    let b2 = coreMentions(client, "b2.txt")
    #expect(b2.contains { $0.0 == "Da Nang airport" && $0.1 == "FAC" })
    #expect(b2.contains { $0.0 == "Thai" && $0.1 == "NORP" && $0.2 == "thai" })
    let b3 = coreMentions(client, "b3.txt")
    #expect(b3.contains { $0.0 == "Thai" && $0.2 == "luong-hoang-thai" })
    let a1 = coreMentions(client, "a1.txt")
    #expect(!a1.contains { $0.0 == "Gen" || $0.0.hasPrefix("Gen ") })
    #expect(a1.contains { $0.0 == "Nguyen Chi Vinh" && $0.1 == "PERSON" })
  }
}
