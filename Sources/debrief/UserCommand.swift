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
        static let configuration = CommandConfiguration(abstract: "Set a new generated password for an account.")
        @OptionGroup var store: StoreOptions
        @Argument var name: String

        func run() async throws {
            let password = Accounts.generatePassword()
            try await store.refusing { try await $0.setPasswordHash(Accounts.hash(password), user: name) }
            print("New password for \(name) (shown once): \(password)")
        }
    }
}

/// `debrief token create`: an API token for an account.
struct TokenCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "token", abstract: "Create API tokens.", subcommands: [Create.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create a bearer token for /api/v1; it is printed once and only its hash is kept.")
        @OptionGroup var store: StoreOptions
        @Option(help: "The account the token acts as.")
        var user: String
        @Option(help: "A label to recognise the token by.")
        var name: String = "cli"

        func run() async throws {
            let database = try store.open()
            guard let account = try await database.user(named: user), !account.disabled else {
                printError("\(store.path): no active account '\(user)'")
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
