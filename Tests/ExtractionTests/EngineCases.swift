import Extraction
import Testing

/// The rules alone: these cases are the rules' own tests (the tagger's
/// are in TaggerTests).
let extractor: Extractor = {
  var extractor = Extractor(rules: .builtIn)
  extractor.sources = .rules
  return extractor
}()

/// Data-driven cases, one guideline point each; none of them is a sentence
/// of the seeds.
let coreCases: [String] = [
  // Rule 1: no leading determiner; rule 2: no trailing possessive or punctuation.
  "Talks between the {United States|GPE|united-states} and {Canada|GPE}'s envoys.",
  "{Germany|GPE}'s exports rose.",
  // Rule 3: titles and honorifics stay out of PERSON.
  "{French|NORP} Foreign Minister {Catherine Colonna|PERSON|catherine-colonna} met Mr. {Antony Blinken|PERSON}.",
  "Ms. {Helen Clark|PERSON} spoke first.",
  // Rule 4: a country word in an organisation's designation belongs to the ORG.
  "The {Thai Foreign Ministry|ORG|thailand-ministry-of-foreign-affairs} issued a statement.",
  "Officials of the {Defence Ministry of Japan|ORG|japan-ministry-of-defence} arrived.",
  "{Indonesian|NORP} Defence Minister {Prabowo Subianto|PERSON} visited {Jakarta|GPE}.",
  // Rule 6: hyphenated pairs split.
  "The {Japan|GPE}-{Philippines|GPE} partnership grew.",
  // Rule 7: an abbreviation and its expansion are separate mentions of one entity.
  "The {World Health Organization|ORG|world-health-organization} ({WHO|ORG|world-health-organization}) warned.",
  "The {National Bureau of Statistics|ORG|national-bureau-of-statistics} ({NBS|ORG|national-bureau-of-statistics}) said output grew; {NBS|ORG|national-bureau-of-statistics} data showed it.",
  // Rule 8: a possessive without its apostrophe ends before the s.
  "The {Thai|NORP} PM praised the {Thai Government|ORG|government-of-thailand}s plan for growth.",
  // Rule 10: UN before peacekeeping words is an ORG on its own.
  "{Bangladesh|GPE} sent troops to {UN|ORG|united-nations} peacekeeping missions.",
  // Rule 12: durations with a digit are dates; a part of day is left out.
  "The deal lasts {10 years|DATE}, they said on {Thursday|DATE} morning, not two years ago.",
  // Dates and times.
  "Signed on {March 3, 2021|DATE} at {4:10 PM GMT+7|TIME} and renewed {next year|DATE}.",
  "The {2016-2020|DATE} plan and the {1990s|DATE} reforms; {year 2030|DATE} targets.",
  "It happened {20 November 2019|DATE}, {yesterday|DATE} and {last week|DATE}, in recent times.",
  // Case by shape: the pronoun "us" is not the US; lowercase furniture is not a name.
  "Let us hope the {US|GPE} agrees.",
  "japan philippines sign pact",
  // Vietnamese names, diacritics, and the given-name reference.
  "{Vietnamese|NORP} Prime Minister {Phạm Minh Chính|PERSON|pham-minh-chinh} met {Lao|GPE} leaders. {Chính|PERSON|pham-minh-chinh} said trade grew.",
  "{Việt Nam|GPE|vietnam} and {Viet Nam|GPE|vietnam} are {Vietnam|GPE|vietnam}.",
  // A family name alone is never an alias.
  "Translated by {Linh Nguyen|PERSON}; Nguyen is a common name.",
  // Western surnames after the full name.
  "{Lloyd J. Austin|PERSON|lloyd-austin} arrived. {Austin|PERSON|lloyd-austin} then spoke.",
  // Places, facilities, documents and events.
  "Ships sailed through the {Strait of Malacca|LOC} to the {Mekong River|LOC}.",
  "Flights resumed at {Noi Bai International Airport|FAC|noi-bai-airport} and {Tan Son Nhat airport|FAC|tan-son-nhat-airport}.",
  "They signed the {Paris Agreement|DOC} and the {Treaty of Amity and Cooperation|DOC}.",
  "The {Shangri-La Dialogue|EVENT} and the {43rd ASEAN Summit|EVENT} followed the {Vietnam War|EVENT}.",
  "The two sides reviewed the memorandum of understanding, without naming one.",
  "They implemented the {action plan for 2021-2025|DOC} and the {agreement on fisheries cooperation|DOC} signed in {2004|DATE}.",
  // An organisation later named without its corporate suffix.
  "Shares of {Zentrox Dynamics Corp.|ORG|zentrox-dynamics-corp} rose; {Zentrox Dynamics|ORG|zentrox-dynamics-corp} said so.",
  // Titles with several words.
  "Chief Executive {Tim Cook|PERSON} and Attorney General {Merrick Garland|PERSON} spoke in the three months to {December|DATE}.",
  // Clock times with a.m./p.m.; provinces; an unknown organisation introduced with its short form.
  "It struck at {1:30 p.m.|TIME} in {Cao Bang|GPE} province, said the {Central Flood Prevention Board|ORG} ({CFPB|ORG}).",
  "Storm damage in {Hanoi|GPE}'s {Noi Bai International Airport|FAC}.",
  // Bylines.
  "Reporting by {Karen Lema|PERSON}; editing by {Martin Petty|PERSON}",
  // Capitals and international bodies.
  "{Brussels|GPE} and {Moscow|GPE} disagreed at the {United Nations Security Council|ORG}.",
  "{Reuters|ORG} and {AFP|ORG} reported from {Seoul|GPE}.",
  "{Mercosur|ORG|mercosur} and {ECOWAS|ORG|economic-community-of-west-african-states} leaders met.",
  // Names with hyphenated parts and particles.
  "Governor {Rhee Chang-yong|PERSON|rhee-chang-yong} spoke after {Jean-Luc Mélenchon|PERSON}.",
  "President {Ursula von der Leyen|PERSON|ursula-von-der-leyen} met President {Abdel Fattah al-Sisi|PERSON}.",
  // East Asian family names: a person with one or two given names; a
  // family name that is an English word only before a hyphenated one.
  "{Xi Jinping|PERSON|xi-jinping} hosted {Kishida Fumio|PERSON} and {Moon Jae-in|PERSON}.",
  "The {Moon Festival|EVENT} drew crowds to {Song Park|FAC}.",
  // A name set off by commas after a title and what it is of.
  "{Japan|GPE}'s ambassador to {Vietnam|GPE}, {Ito Naoki|PERSON|ito-naoki}, announced aid.",
  // Conjunctions inside names; no span starts with one or with a hyphen.
  "The {CHIPS and Science Act|DOC} funds the {Disaster and Dyke Management Authority|ORG}.",
  "The {EU-Mercosur Partnership Agreement|DOC} awaits votes; the {ASEAN|ORG}-{Mercosur|ORG} talks go on.",
  // Named storms are events; a title is not part of a facility's name.
  "{Typhoon Yagi|EVENT} and {Hurricane Katrina|EVENT} followed {Tropical Storm Alberto|EVENT}.",
  "Chief Financial Officer {Lena Marsh|PERSON} toured {Central Park|FAC}.",
  // A name set off by commas around an age; a bill is no document before a surname.
  "{Okonkwo|PERSON|okonkwo}, 54, told {NASA|ORG|national-aeronautics-and-space-administration} Administrator {Bill Nelson|PERSON}.",
  "The {Dubai|GPE} office, 40, staff said; Route 66, 12, runs west.",
  // East Asian names are referred to by the family name; a demonym names a ministry's country.
  "{Chinese|NORP} President {Xi Jinping|PERSON|xi-jinping} arrived. {Xi|PERSON|xi-jinping} spoke first.",
  "The {Qatari|NORP} {foreign ministry|ORG|qatar-ministry-of-foreign-affairs} said {Hamas|ORG} agreed.",
  // A conjunction joins two names, not two whole names; states and provinces are places.
  "{Honda Motor Co. Ltd.|ORG} and {LG Energy Solution Ltd.|ORG} build plants in {Ohio|GPE} and {Guangdong|GPE}.",
  // A byline on its own line; a chair is a title only before a name.
  "Markets Slide Again\nBy {Sarah Thompson|PERSON}\n{Federal Reserve|ORG} Chair {Jerome Powell|PERSON} spoke as {Chile|GPE} took the {APEC|ORG} Chair.",
  // Issue 10.5.1: a rank or title word before a company name with a
  // corporate suffix is part of the ORG; a suffix never ends or makes a person.
  "Shares of {General Electric Co.|ORG|general-electric-co} fell; Co. staff and {Major Cineplex Group|ORG} rose.",
  // Its short name later is the company too, not a rank and a person or a given name and a surname.
  "{General Electric Co.|ORG|general-electric-co} grew. {General Electric|ORG|general-electric-co} said so.",
  "{Tim Hortons Inc.|ORG|tim-hortons-inc} agreed; {Tim Hortons|ORG|tim-hortons-inc} opened.",
  "{Procter & Gamble Co.|ORG}, {Siemens AG|ORG} and {Barclays plc|ORG} reported; {Vandelay Holdings Ltd.|ORG} did not.",
  "{Samsung Electronics Co Ltd|ORG} rose; {Microsoft|ORG} Co-founder {Bill Gates|PERSON} spoke.",
  "{Germany|GPE}'s {Volkswagen AG|ORG} and {France|GPE}'s {Renault SA|ORG} rose; {Moody's Corp.|ORG} agreed.",
  // Issue 10.5.2: numbers in money and percentages are never dates.
  "Revenue rose to $18.1 million, up 19.2% from €3.5 billion, or 18.1 percent, or 1.5 per cent, in {2019|DATE}.",
  // Issue 10.5.3: plurals of demonyms, religions and peoples; compass words before a demonym.
  "{Italians|NORP|italian}, {Americans|NORP|american} and {Palestinians|NORP} met {Israelis|NORP} and {Englishmen|NORP}.",
  "{Jewish|NORP} and {Kurdish|NORP} groups, {Muslims|NORP}, {Christians|NORP}, {Catholics|NORP}, {Sunni|NORP} and {Shiite|NORP} clerics, {Buddhist|NORP} and {Hindu|NORP} monks.",
  "{North American|NORP}, {South Korean|NORP} and {West German|NORP} officials met {New Zealanders|NORP}; {Christian Lindner|PERSON} spoke.",
  "The {Irish Republican Army|ORG} and the {American Jewish Committee|ORG} met at the {Jewish Museum|FAC}.",
  // Issue 10.5.4: a capitalised month used as a date; May only after a date preposition.
  "Prices fell in {March|DATE} and have risen since {January|DATE}; {February|DATE} was calm. May I ask?",
  "It peaked in {mid-March|DATE}, between {April|DATE} and {May|DATE}; June Carter joined the Long March.",
  // Issue 10.5.5: a continuation that makes a longer place name wins.
  "Flights from {Kansas City|GPE} to {West Germany|GPE} and {East Asia|LOC}; a match at the {Melbourne Cricket Ground|FAC}.",
  "The {Securities and Exchange Commission|ORG} sued; {Ukraine|GPE} ground forces advanced.",
  "Eastern {Ukraine|GPE} and {Southern Africa|LOC} saw rain; {Eastern European|NORP} leaders met.",
  // Issue 10.5.6: a hyphenated given name belongs to the person, and so does a hyphenated surname.
  "{Poul-Erik Hoyer-Larsen|PERSON|poul-erik-hoyer-larsen} won. {Hoyer-Larsen|PERSON|poul-erik-hoyer-larsen} then retired.",
  "{Mark Esper|PERSON|mark-esper} arrived to anti-{Esper|PERSON|mark-esper} protests.",
]

@Suite struct Engine {
  @Test(arguments: coreCases) func coreSpans(_ marked: String) {
    expectCoreSpans(marked, extractor)
  }

  @Test func titlesNameThePersonAfterThem() {
    let text = "US Ambassador to Japan Rahm Emanuel met Deputy Minister of National Defence, General Hoang Xuan Chien."
    let titles = extractor.extract(text).filter { $0.layer == .title }
    #expect(titles.map(\.text) == ["US Ambassador to Japan", "Deputy Minister of National Defence, General"])
    #expect(titles.map(\.entity) == ["rahm-emanuel", "hoang-xuan-chien"])
  }

  @Test func aRankThatStartsACompanysShortNameIsNoTitle() {
    let text = "General Electric Co. grew. General Electric said General Lee agreed."
    let titles = extractor.extract(text).filter { $0.layer == .title }
    #expect(titles.map(\.text) == ["General"])
    #expect(titles.first?.entity == "lee")
  }

  @Test func aChairIsATitleOnlyBeforeAName() {
    let text = "Federal Reserve Chair Jerome Powell spoke as Chile took the APEC Chair."
    let titles = extractor.extract(text).filter { $0.layer == .title }
    #expect(titles.map(\.text) == ["Federal Reserve Chair"])
    #expect(titles.first?.entity == "jerome-powell")
  }

  @Test func aRoleAloneLinksToTheOnePersonItNamed() {
    let text = "Prime Minister Anthony Albanese arrived. The Australian PM later said the talks went well."
    let titles = extractor.extract(text).filter { $0.layer == .title }
    #expect(titles.last?.text == "Australian PM")
    #expect(titles.last?.entity == "anthony-albanese")
  }

  @Test func everyMentionNamesItsRule() {
    let mentions = extractor.extract("Defence Minister General Ngo Xuan Lich met Lich's guests in Hanoi on May 5.")
    #expect(mentions.allSatisfy { !$0.rule.id.isEmpty })
    #expect(mentions.first { $0.text == "Hanoi" }?.rule.origin.file == "countries.jsonl")
  }

  @Test func offsetsAreScalarsAndTextIsAsWritten() {
    let text = "😀 Hà Nội và Đà Nẵng"
    let hanoi = extractor.extract(text).first { $0.label == .GPE }
    #expect(hanoi?.start == 2)
    #expect(hanoi?.end == 8)
    #expect(hanoi?.text == "Hà Nội")
    #expect(hanoi?.entity == "hanoi")
  }

  @Test func emptyAndWhitespaceTextGiveNothing() {
    #expect(extractor.extract("").isEmpty)
    #expect(extractor.extract(" \n\r\n\t").isEmpty)
  }

  /// A long document (2,000 paragraphs) is read paragraph by paragraph as
  /// the paragraph alone is: the same mentions, labels, layers and ids at
  /// the shifted offsets, none lost or merged across paragraphs. (Whether
  /// it takes linear time is for `make bench`, not a test: timing here
  /// would be flaky on shared machines.)
  @Test func aLongDocumentReadsAsItsParagraphsDo() {
    let paragraph =
      "Vietnamese Defense Minister Ngo Xuan Lich met US Defense Secretary Mark Esper in Hanoi on November 20, 2019.\n"
    let length = paragraph.unicodeScalars.count
    let copies = 2000
    func described(_ m: Mention, shift: Int) -> String {
      "\(m.start - shift)-\(m.end - shift) \(m.layer) \(m.label) \(m.text) \(m.entity ?? "-")"
    }
    let alone = extractor.extract(paragraph).map { described($0, shift: 0) }
    #expect(alone.count >= 8)
    let mentions = extractor.extract(String(repeating: paragraph, count: copies))
    var byParagraph = [[String]](repeating: [], count: copies)
    for m in mentions { byParagraph[m.start / length].append(described(m, shift: m.start / length * length)) }
    let differing = byParagraph.indices.filter { byParagraph[$0] != alone }
    #expect(
      differing.isEmpty,
      "paragraphs read differently: \(differing.prefix(5)), e.g. \(byParagraph[differing.first ?? 0])")
    #expect(mentions.count == alone.count * copies)
  }
}
