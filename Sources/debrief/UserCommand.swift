import ArgumentParser
import DebriefCore
import DebriefServer
import DebriefStore
import Foundation

extension Role: ExpressibleByArgument {}

/// `debrief user add|list|disable|enable|password`: accounts of the web app and API.
struct UserCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "user", abstract: "Manage accounts: add, list, disable, enable, reset a password.",
        subcommands: [Add.self, List.self, Disable.self, Enable.self, Password.self])

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add an account; prints a generated password unless --password-stdin is given.")
        @OptionGroup var store: StoreOptions
        @Argument(help: "Account name (letters, digits, '.', '-', '_'); use the name post-mortems use for the person.")
        var name: String
        @Option(help: "viewer, author, reviewer or admin.")
        var role: Role = .author
        @Option(help: "The name shown on pages.")
        var displayName: String?
        @Flag(help: "Read the password from standard input instead of generating one.")
        var passwordStdin = false

        func run() async throws {
            let password = passwordStdin ? (readLine(strippingNewline: true) ?? "") : Accounts.generatePassword()
            let user = try await store.refusing { database in
                try await Accounts(store: database, settings: ServerSettings()).addUser(
                    name: name, displayName: displayName, role: role, password: password)
            }
            print("Added \(user.name) (\(user.role.rawValue)).")
            if !passwordStdin { print("Password (shown once): \(password)") }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List accounts.")
        @OptionGroup var store: StoreOptions

        func run() async throws {
            for user in try await store.open().users() {
                print(
                    "\(user.name)\t\(user.role.rawValue)\t\(user.disabled ? "disabled" : "active")\t\(user.displayName)"
                )
            }
        }
    }

    struct Disable: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Disable an account and end its sessions and tokens.")
        @OptionGroup var store: StoreOptions
        @Argument var name: String

        func run() async throws {
            try await store.refusing { try await $0.setDisabled(true, user: name) }
            print("Disabled \(name).")
        }
    }

    struct Enable: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Enable a disabled account.")
        @OptionGroup var store: StoreOptions
        @Argument var name: String

        func run() async throws {
            try await store.refusing { try await $0.setDisabled(false, user: name) }
            print("Enabled \(name).")
        }
    }

    struct Password: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Set a new generated password for an account; its sessions and API tokens end.",
            discussion: """
                Whoever knew the old password may have signed in or made tokens with it: every \
                session and API token of the account is ended with the change, on every server at \
                its next request.
                """)
        @OptionGroup var store: StoreOptions
        @Argument var name: String

        func run() async throws {
            let password = Accounts.generatePassword()
            let ended = try await store.refusing { database in
                try await Accounts(store: database, settings: ServerSettings()).setPassword(
                    password, of: name, by: "cli", action: "password-reset")
            }
            print("New password for \(name) (shown once): \(password)")
            print("Ended \(ended.sessions) session(s) and \(ended.tokens) API token(s) of \(name).")
        }
    }
}

/// `debrief token create`: an API token for an account.
struct TokenCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "token", abstract: "Create, list and revoke API tokens.",
        subcommands: [Create.self, List.self, Revoke.self])

    static func account(_ name: String, in store: StoreOptions, database: any Store) async throws -> User {
        guard let account = try await database.user(named: name) else {
            printError("\(store.shown): no account '\(name)'")
            throw Exit.input
        }
        return account
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List an account's API tokens: id, created, name.")
        @OptionGroup var store: StoreOptions
        @Option(help: "The account whose tokens to list.")
        var user: String

        func run() async throws {
            let database = try await store.open()
            let account = try await TokenCommand.account(user, in: store, database: database)
            let formatter = ISO8601DateFormatter()
            for token in try await database.tokens(userID: account.id) {
                print("\(token.id)\t\(formatter.string(from: token.createdAt))\t\(AuditText.clean(token.name))")
            }
        }
    }

    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Revoke one API token by the id `debrief token list` shows.",
            discussion: "Every server refuses it from its next request.")
        @OptionGroup var store: StoreOptions
        @Option(help: "The account the token belongs to.")
        var user: String
        @Argument(help: "The token's id.")
        var id: Int64

        func run() async throws {
            let database = try await store.open()
            let account = try await TokenCommand.account(user, in: store, database: database)
            guard
                try await Accounts(store: database, settings: ServerSettings()).revokeToken(
                    id: id, of: account, by: "cli")
            else {
                printError("\(store.shown): \(user) has no token \(id)")
                throw Exit.input
            }
            print("Revoked token \(id) of \(user).")
        }
    }

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create a bearer token for /api/v1; it is printed once and only its hash is kept.")
        @OptionGroup var store: StoreOptions
        @Option(help: "The account the token acts as.")
        var user: String
        @Option(help: "A label to recognise the token by.")
        var name: String = "cli"

        func run() async throws {
            let database = try await store.open()
            guard let account = try await database.user(named: user), !account.disabled else {
                printError("\(store.shown): no active account '\(user)'")
                throw Exit.input
            }
            print(try await Accounts(store: database, settings: ServerSettings()).createToken(for: account, name: name))
        }
    }
}

/// `debrief demo remove`: takes the demo workspace out of a database.
struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo", abstract: "The demo workspace.", subcommands: [Remove.self, Seed.self])

    struct Remove: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Remove the demo post-mortems with their history, comments and attachments.")
        @OptionGroup var store: StoreOptions

        func run() async throws {
            let removed = try await store.open().removeDemo()
            print("Removed \(removed) demo post-mortem\(removed == 1 ? "" : "s").")
        }
    }

    struct Seed: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Add the demo post-mortems (again).")
        @OptionGroup var store: StoreOptions

        func run() async throws {
            let added = try await Workspace.seedDemo(into: store.open())
            print("Added \(added) demo post-mortem\(added == 1 ? "" : "s").")
        }
    }
}
