extension RuleSet {
  /// The rules embedded in the binary (SwiftPM resources with `.embedInCode`).
  public static let builtIn: RuleSet = RuleSetBuilder.withBuiltIns.build()

  /// Adds the built-in rule files to a builder, before a workspace's own.
  /// Parses them: `RuleSetBuilder.withBuiltIns` holds them parsed once.
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

extension RuleSetBuilder {
  /// A builder holding the built-in rule files, parsed once per process:
  /// a workspace's rules are compiled from a copy of it, so a change to
  /// them (or a reload) does not parse the built-ins again.
  public static let withBuiltIns: RuleSetBuilder = {
    var builder = RuleSetBuilder()
    RuleSet.builtInFiles(into: &builder)
    return builder
  }()
}
