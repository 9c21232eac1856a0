import JSON
import Protocol

extension LanguageServer {
  func initialize(_ params: InitializeParams) throws -> JSONValue {
    guard lifecycle == .uninitialized else { throw ResponseError.invalidRequest("initialize was already called") }
    clientCapabilities = params.capabilities
    let offered = params.capabilities.at("general.positionEncodings")?.arrayValue?.compactMap(\.stringValue)
    encoding = PositionEncoding.negotiate(clientOffers: offered)
    if let options = params.initializationOptions { settings.apply(JSONValueReader(value: options)) }
    setUpWorkspace(params)
    lifecycle = .running
    return [
      "capabilities": capabilities(),
      "serverInfo": ["name": "gloss", "version": .string(Self.version)],
    ]
  }

  func initialized() {
    if clientCapabilities.at("workspace.configuration")?.boolValue == true { requestConfiguration() }
    if clientCapabilities.at("workspace.didChangeWatchedFiles.dynamicRegistration")?.boolValue == true, root != nil {
      sendRequest(
        "client/registerCapability",
        [
          "registrations": [
            [
              "id": "gloss-watch", "method": "workspace/didChangeWatchedFiles",
              "registerOptions": ["watchers": [["globPattern": "**/*.txt"], ["globPattern": "**/annotations/**"]]],
            ]
          ]
        ])
    }
    startIndexing()
  }

  func capabilities() -> JSONValue {
    [
      "positionEncoding": .string(encoding.rawValue),
      "textDocumentSync": [
        "openClose": true,
        "change": 2,  // incremental
        "save": ["includeText": false],
      ],
      "semanticTokensProvider": ["legend": TokenLegend.json, "full": ["delta": true], "range": true],
      "hoverProvider": true,
      "definitionProvider": true,
      "declarationProvider": true,
      "referencesProvider": true,
      "documentHighlightProvider": true,
      "documentSymbolProvider": true,
      "workspaceSymbolProvider": true,
      "inlayHintProvider": true,
      "codeLensProvider": ["resolveProvider": false],
      "codeActionProvider": ["codeActionKinds": ["quickfix", "refactor"]],
      "executeCommandProvider": ["commands": .array(GlossCommand.allCases.map { .string($0.rawValue) })],
      "renameProvider": ["prepareProvider": true],
      "diagnosticProvider": ["interFileDependencies": true, "workspaceDiagnostics": false],
      "workspace": ["workspaceFolders": ["supported": true, "changeNotifications": false]],
    ]
  }

  func shutdown() -> NullResult {
    lifecycle = .shutDown
    return NullResult()
  }

  /// Asks the client for the `gloss` section of its settings.
  func requestConfiguration() {
    sendRequest("workspace/configuration", ["items": [["section": "gloss"]]]) { [self] result in
      guard case .success(let value) = result, let first = value.arrayValue?.first, first != .null else { return }
      let before = settings
      settings.apply(JSONValueReader(value: first))
      if before != settings { afterWorkspaceChange() }
    }
  }

  func didChangeConfiguration(_ params: DidChangeConfigurationParams) {
    let before = settings
    if let value = params.settings { settings.apply(JSONValueReader(value: value)) }
    if clientCapabilities.at("workspace.configuration")?.boolValue == true { requestConfiguration() }
    if before != settings { afterWorkspaceChange() }
  }
}
