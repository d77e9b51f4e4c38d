// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>
#include <utility>
#include <vector>

namespace Sandcastle::Core {

/// Unix permission bits of an entry (spec 1.2): owner/group/other are 0..7.
struct Permissions
{
    int owner = 7;
    int group = 5;
    int other = 5;

    [[nodiscard]] int mode() const { return (owner << 6) | (group << 3) | other; }
    friend bool operator==(const Permissions &, const Permissions &) = default;
};

/// The kind of a manifest entry; every mount type is `Mount` (see ManifestEntry::typeName).
enum class EntryType {
    File,
    Dir,
    LocalFile,
    LocalDir,
    GitRepo,
    Mount,
};

/// One node of the manifest tree (spec 1.2). A plain value; `children` only for Dir.
/// Which fields are meaningful depends on `type`; the parser guarantees the combination is valid.
struct ManifestEntry
{
    EntryType type = EntryType::File;
    QString typeName;    ///< the JSON `type` ("file", "dir", ..., "s3_mount")
    QString name;        ///< the key: a validated, normalised relative POSIX path
    QString description; ///< empty when absent
    bool ephemeral = false;
    std::optional<Permissions> permissions; ///< applied with chmod after the entry is written

    // file
    QByteArray content;
    bool contentBase64 = false; ///< serialise as `content_base64` (it was given that way)

    // dir
    std::vector<ManifestEntry> children;

    // local_file / local_dir
    QString src;         ///< as written in the manifest
    QString resolvedSrc; ///< absolute host path (relative `src` resolved against the manifest's folder)

    // git_repo
    QString host = QStringLiteral("github.com");
    QString repo;
    QString ref;
    QString subpath;

    // mounts (schema only): the JSON object minus the common fields
    QJsonObject mountFields;

    [[nodiscard]] bool isDirLike() const
    {
        return type == EntryType::Dir || type == EntryType::LocalDir || type == EntryType::GitRepo ||
               type == EntryType::Mount;
    }
};

/// An environment variable value (spec 1.4): a plain value, or a reference to a credential store item.
struct EnvironmentValue
{
    QString value;       ///< the literal value (empty for secrets)
    QString secret;      ///< keychain item name; non-empty means "resolve through the CredentialStore"
    QString description; ///< empty when absent
    bool ephemeral = false;

    [[nodiscard]] bool isSecret() const { return !secret.isEmpty(); }
    friend bool operator==(const EnvironmentValue &, const EnvironmentValue &) = default;
};

/// A group of users (spec 1.1), kept for schema round-trips; local clients reject provisioning.
struct ManifestGroup
{
    QString name;
    QStringList users;
    friend bool operator==(const ManifestGroup &, const ManifestGroup &) = default;
};

/// A parsed workspace manifest (spec 1.1). A plain value type, cheap enough to copy; built by
/// ManifestParser, which guarantees every path rule of spec 1.3 holds for it.
class Manifest
{
public:
    int version = 1;
    QString root = QStringLiteral("/workspace");
    std::vector<ManifestEntry> entries;                      ///< top-level entries in declaration order
    QList<std::pair<QString, EnvironmentValue>> environment; ///< in declaration order
    QStringList users;
    QList<ManifestGroup> groups;
    QStringList remoteMountCommandAllowlist;

    QString sourceFile; ///< the file it was read from (for messages), may be empty
    QString baseDir;    ///< folder relative `src` paths are resolved against (absolute)

    /// Number of entries at any depth (the count `manifest validate` prints).
    [[nodiscard]] int entryCount() const;
    /// Relative paths of every ephemeral entry, at any depth, in pre-order.
    [[nodiscard]] QStringList ephemeralEntryPaths() const;

    /// The JSON form (the parser accepts it back). `includeEphemeralEnvironment` false drops
    /// ephemeral values and secret references from `environment` (what session state stores).
    [[nodiscard]] QJsonObject toJson(bool includeEphemeralEnvironment = true) const;

    /// The environment without ephemeral values and without secrets: safe to persist.
    [[nodiscard]] QHash<QString, QString> persistableEnvironment() const;

    /// The filesystem tree of spec 1.7 as shown in instructions: root line, sorted tree with
    /// `# <absolute path> — <description>` comments, at most `depth` levels, limited to
    /// `maxLines` lines and `maxChars` characters (JS limits) with a truncation note.
    [[nodiscard]] QString renderTree(int depth = 3, int maxLines = 120, int maxChars = 12000) const;
};

} // namespace Sandcastle::Core
