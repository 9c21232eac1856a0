extension RuleSet {
  /// The rules embedded in the binary (SwiftPM resources with `.embedInCode`).
  public static let builtIn: RuleSet = {
    var builder = RuleSetBuilder()
    builtInFiles(into: &builder)
    return builder.build()
  }()

  /// Adds the built-in rule files to a builder, before a workspace's own.
  public static func builtInFiles(into builder: inout RuleSetBuilder) {
    let files: [(String, [UInt8])] = [
      ("countries.jsonl", PackageResources.countries_jsonl),
      ("organisations.jsonl", PackageResources.organisations_jsonl),
      ("places.jsonl", PackageResources.places_jsonl),
      ("names.jsonl", PackageResources.names_jsonl),
      ("titles.jsonl", PackageResources.titles_jsonl),
      ("patterns.jsonl", PackageResources.patterns_jsonl),
    ]
    for (name, bytes) in files {
      builder.add(jsonl: String(decoding: bytes, as: UTF8.self), file: name, tier: .builtIn)
    }
  }
}
