import ArgumentParser

/// How a command prints its results on standard output.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    /// Aligned columns for people.
    case table
    /// One JSON object (schemas in docs/cli.md).
    case json
    /// Comma-separated values with a header line (RFC 4180 quoting).
    case csv

    /// The one of three renderings that is in this format.
    func pick(
        table: @autoclosure () -> String, json: @autoclosure () -> String,
        csv: @autoclosure () -> String
    ) -> String {
        switch self {
        case .table: table()
        case .json: json()
        case .csv: csv()
        }
    }
}

/// How a command whose result is one nested object (`inspect`) prints it: no csv.
enum ObjectFormat: String, ExpressibleByArgument, CaseIterable {
    /// Aligned `key: value` lines for people.
    case table
    /// One JSON object (schemas in docs/cli.md).
    case json
}
