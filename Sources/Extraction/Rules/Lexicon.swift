/// The word lists and grammar words the code rules (dates, people) consult,
/// resolved to vocabulary ids once per rule set so that the hot path
/// compares integers and never builds strings.
struct Lexicon: Sendable {
  var notNames = WordSet()
  var months = WordSet()
  /// Month names that are a date on their own (every one but May, a modal
  /// verb and a given name, and abbreviations such as Jan or Jun).
  var bareMonths = WordSet()
  var weekdays = WordSet()
  var honorifics = WordSet()
  var titleHeads = WordSet()
  var ranks = WordSet()
  var givenNames = WordSet()
  var vietnameseFamilyNames = WordSet()
  var eastAsianFamilyNames = WordSet()
  /// East Asian family names that are also English words: names only before
  /// a hyphenated given name.
  var eastAsianFamilyNamesHyphenated = WordSet()
  /// `to`, `of`: between a title and what it is of.
  var titlePrepositions = WordSet()
  var fullStop: Int32 = -1
  var nameParticles = WordSet()
  var bylineVerbs = WordSet()
  var dateUnits = WordSet()
  var relativeDays = WordSet()
  /// Words that can start a date without a digit: months, weekdays,
  /// relative days and modifiers, `year`.
  var dateStarts = WordSet()
  /// Words the people rules start from: honorifics, byline verbs, given
  /// names, Vietnamese family names.
  var personCues = WordSet()
  /// Words a person's name never contains: the union of the above that
  /// apply, and corporate suffixes.
  var notInNames = WordSet()

  // Grammar words.
  var by: Int32 = -1
  var to: Int32 = -1
  var and: Int32 = -1
  var year: Int32 = -1
  var of: Int32 = -1
  var the: Int32 = -1
  var government: Int32 = -1
  var governments: Int32 = -1
  var ministry: Int32 = -1
  var airport: Int32 = -1
  var international: Int32 = -1
  var years: Int32 = -1
  var relativeModifiers = WordSet()  // this next last
  var periods = WordSet()  // week month year weekend
  var monthPrepositions = WordSet()
  var meridiems = WordSet()
  var zones = WordSet()
  var dashes = WordSet()  // - – —
  var hyphen: Int32 = -1
  var comma: Int32 = -1
  var colon: Int32 = -1
  var plusMinus = WordSet()
  var openParen: Int32 = -1
  var closeParen: Int32 = -1
  var currency = WordSet()
  /// Words after an amount (`%`, `percent`, `million`): the number before
  /// one is never a date.
  var amountUnits = WordSet()
  var per: Int32 = -1
  var cent: Int32 = -1
  var mid: Int32 = -1
  var or: Int32 = -1
  var on: Int32 = -1
  var against: Int32 = -1
  var corporateSuffixes = WordSet()
  var placeNouns = WordSet()
  var determiners = WordSet()
  /// Words a span never starts with besides determiners: `and`, `&`, `or`.
  var conjunctions = WordSet()
  /// Words a span never ends with (`the Ministry of` → `the Ministry`).
  var trailingWords = WordSet()

  init() {}

  init(lists: [String: WordSet], vocabulary: inout Vocabulary) {
    func list(_ name: String) -> WordSet { lists[name] ?? WordSet() }
    func id(_ word: String) -> Int32 { vocabulary.intern(Folding.key(word)) }
    func set(_ words: [String]) -> WordSet { WordSet(words.map(id)) }
    notNames = list("not_names")
    months = list("months")
    bareMonths = list("bare_months")
    amountUnits = list("amount_units")
    weekdays = list("weekdays")
    honorifics = list("honorifics")
    titleHeads = list("title_heads")
    ranks = list("ranks")
    givenNames = list("given_names")
    vietnameseFamilyNames = list("vietnamese_family_names")
    eastAsianFamilyNames = list("east_asian_family_names")
    eastAsianFamilyNamesHyphenated = list("east_asian_family_names_hyphenated")
    nameParticles = list("name_particles")
    bylineVerbs = list("byline_verbs")
    dateUnits = list("date_units")
    relativeDays = list("relative_days")
    for part in [notNames, months, weekdays, honorifics, titleHeads, ranks] { notInNames.formUnion(part) }
    for part in [
      honorifics, bylineVerbs, givenNames, vietnameseFamilyNames, eastAsianFamilyNames, eastAsianFamilyNamesHyphenated,
    ] {
      personCues.formUnion(part)
    }
    by = id("by")
    personCues.insert(by)  // a byline: By Sarah Thompson
    to = id("to")
    and = id("and")
    or = id("or")
    on = id("on")
    against = id("against")
    per = id("per")
    cent = id("cent")
    mid = id("mid")
    year = id("year")
    of = id("of")
    the = id("the")
    government = id("government")
    governments = id("governments")
    ministry = id("ministry")
    airport = id("airport")
    international = id("international")
    years = id("years")
    relativeModifiers = set(["this", "next", "last"])
    for part in [months, weekdays, relativeDays, relativeModifiers, WordSet([year, years, mid])] {
      dateStarts.formUnion(part)
    }
    periods = set(["week", "month", "year", "weekend"])
    monthPrepositions = set([
      "in", "since", "until", "by", "during", "from", "of", "early", "late", "mid", "last", "next", "this", "before",
      "after", "through", "to", "between", "throughout",
    ])
    meridiems = set(["am", "pm", "a.m.", "p.m.", "a.m", "p.m"])
    zones = set(["gmt", "utc", "ict", "est", "edt", "pst", "cet", "bst", "jst"])
    dashes = set(["-", "–", "—"])
    hyphen = id("-")
    comma = id(",")
    fullStop = id(".")
    titlePrepositions = set(["to", "of", "for"])
    colon = id(":")
    plusMinus = set(["+", "-"])
    openParen = id("(")
    closeParen = id(")")
    currency = set(["$", "€", "£", "¥"])
    determiners = set(["the", "a", "an"])
    conjunctions = set(["and", "&", "or"])
    trailingWords = set(["of", "for", "on", "to", "and", "the", "in", "with", "between", "-"])
    placeNouns = set([
      "province", "provinces", "city", "cities", "district", "districts", "commune", "communes", "town", "village",
      "county", "prefecture", "region", "state", "island", "islands", "street", "streets", "road", "ward",
    ])
    corporateSuffixes = set([
      "inc.", "inc", "corp.", "corp", "corporation", "ltd.", "ltd", "co.", "llc", "plc", "group", "holdings", "ag",
      "gmbh", "sa", "jsc", "limited",
    ])
    corporateSuffixes.formUnion(list("corporate_suffixes"))
    corporateSuffixes.formUnion(list("corporate_suffixes_short"))
    // A corporate suffix never ends or makes a person's name (General Electric Co.).
    notInNames.formUnion(list("corporate_suffixes"))
  }
}
