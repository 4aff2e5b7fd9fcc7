// Conformance suites that other packages (and third-party stores) reuse. Each suite adds its export here.
