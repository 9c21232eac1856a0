import Store
import Testing

@testable import Workspace

/// The local context a rejection of a known name carries.
@Suite struct LocalContexts {
  func context(_ text: String, _ needle: String) -> LocalContext {
    let scalars = Array(text.unicodeScalars)
    let start = Array(text.unicodeScalars).indices.first {
      String(String.UnicodeScalarView(scalars[$0..<min(scalars.count, $0 + needle.unicodeScalars.count)]))
        == needle
    }!
    return LocalContext(scalars, start: start, end: start + needle.unicodeScalars.count)
  }

  @Test func anAttachedCharacterDecidesAlone() {
    let money = context("Exports rose to US$97 billion.", "US")
    #expect(money.after == .attached("$"))
    #expect(money.admits(context("A deal worth US$5 billion.", "US")))
    #expect(money.admits(context("(US$3 trillion)", "US")))
    #expect(!money.admits(context("the US said so", "US")))
    #expect(!money.admits(context("US-led talks", "US")))
  }

  @Test func otherwiseTheNeighbouringWordsShapesMustAgree() {
    let country = context("Officials said the US would act.", "US")
    #expect(country.before == .lower && country.after == .lower)
    #expect(country.admits(context("and the US said", "US")))
    #expect(!country.admits(context("The US Navy sailed", "US")))
    #expect(!country.admits(context("from the US.", "US")))
    #expect(context("Friday. Thai said", "Thai").before == .symbol("."))
    #expect(context("Thai Prime Minister", "Thai").before == .edge)
    #expect(context("a\nThai said", "Thai").before == .edge)
    #expect(context("rose 5 US dollars", "US").before == .number)
  }

  @Test func aRecordCarriesItsContextInThePrefixAndSuffix() {
    let target = CorrectionRecord.Target(
      source: "a.txt", exact: "US", prefix: "Exports rose to ", suffix: "$97 billion.", start: 16, end: 18)
    #expect(LocalContext(target) == context("Exports rose to US$97 billion.", "US"))
    // An older record without context: none, so it applies wherever the reading matches.
    let old = CorrectionRecord.Target(source: "a.txt", exact: "US", prefix: "", suffix: "", start: 16, end: 18)
    #expect(LocalContext(old) == nil)
  }

  @Test func annotationsMatchCaseByShapeAsTheRulesDo() {
    #expect(CorrectionSet.caseFits("Nang", "NANG"))
    #expect(CorrectionSet.caseFits("Nang", "Nang"))
    #expect(!CorrectionSet.caseFits("Nang", "nang"))
    #expect(CorrectionSet.caseFits("US", "US"))
    #expect(!CorrectionSet.caseFits("US", "Us"))
    #expect(!CorrectionSet.caseFits("NANG", "Nang"))
    #expect(CorrectionSet.caseFits("airport", "Airport"))
    #expect(CorrectionSet.caseFits("McCain", "MCCAIN"))
    #expect(!CorrectionSet.caseFits("McCain", "Mccain"))
  }
}
