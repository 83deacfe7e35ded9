// Finds a link's parameters, persistent values and children by reflection, and reports
// declarations that reflection cannot see.

enum LinkReflection {
    static func members(of link: Link) -> Link.Members {
        var members = Link.Members()
        if let list = link as? ChainList {
            members.children = list.links.enumerated().map { (String($0.offset), $0.element) }
            return members
        }
        var mirror: Mirror? = Mirror(reflecting: link)
        var levels: [Mirror] = []
        while let current = mirror, current.subjectType != Link.self, current.subjectType != Chain.self {
            levels.append(current)
            mirror = current.superclassMirror
        }
        // Superclass properties first, in declaration order.
        for level in levels.reversed() {
            for child in level.children {
                guard let label = child.label else { continue }
                collect(child.value, name: label, into: &members, owner: link)
            }
        }
        checkDuplicates(members, owner: link)
        return members
    }

    private static func collect(_ value: Any, name: String, into members: inout Link.Members, owner: Link) {
        switch value {
        case let parameter as Parameter:
            members.params.append((name, parameter))
        case let child as Link:
            members.children.append((name, child))
        case let persistent as PersistentValue:
            // A property wrapper's storage is named `_name`.
            let propertyName = name.hasPrefix("_") ? String(name.dropFirst()) : name
            members.persistents.append((persistent.key ?? propertyName, persistent))
        case let links as [Link]:
            for (index, child) in links.enumerated() { members.children.append(("\(name)/\(index)", child)) }
        default:
            let mirror = Mirror(reflecting: value)
            if mirror.displayStyle == .optional {
                if let wrapped = mirror.children.first { collect(wrapped.value, name: name, into: &members, owner: owner) }
            } else if mirror.displayStyle == .dictionary || mirror.displayStyle == .set || mirror.displayStyle == .collection {
                if containsLinkOrParameter(mirror) {
                    preconditionFailure(hiddenMessage(owner: owner, property: name, container: "\(type(of: value))"))
                }
            }
        }
    }

    static func hiddenMessage(owner: Link, property: String, container: String) -> String {
        LinkReflectionMessages.hidden(owner: owner, property: property, container: container)
    }

    private static func containsLinkOrParameter(_ mirror: Mirror) -> Bool {
        mirror.children.contains { child in
            if child.value is Link || child.value is Variable { return true }
            let inner = Mirror(reflecting: child.value)
            // A dictionary element is a (key, value) tuple.
            return inner.children.contains { $0.value is Link || $0.value is Variable }
        }
    }

    private static func checkDuplicates(_ members: Link.Members, owner: Link) {
        var seen = Set<ObjectIdentifier>()
        for (name, parameter) in members.params where !seen.insert(ObjectIdentifier(parameter)).inserted {
            preconditionFailure("\(type(of: owner)).\(name): this parameter is already registered under another name")
        }
        for (name, child) in members.children where !seen.insert(ObjectIdentifier(child)).inserted {
            preconditionFailure("\(type(of: owner)).\(name): this link is already registered under another name")
        }
    }
}

/// The validator's messages, public so that they can be tested and documented.
public enum LinkReflectionMessages {
    /// Links or parameters stored where reflection cannot name them (a dictionary or set).
    public static func hidden(owner: Link, property: String, container: String) -> String {
        "\(type(of: owner)).\(property): links or parameters inside a \(container) are invisible to the "
            + "optimizer and to serialization. Store them as separate properties, in a [Link] array, or in a ChainList."
    }
}
