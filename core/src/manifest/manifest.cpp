// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "sandcastle/core/manifest/manifest.h"

#include <QDir>
#include <QJsonArray>

#include <map>
#include <memory>

namespace Sandcastle::Core {

namespace {

void countEntries(const std::vector<ManifestEntry> &entries, int &n)
{
    for (const ManifestEntry &e : entries) {
        ++n;
        countEntries(e.children, n);
    }
}

void collectEphemeral(const std::vector<ManifestEntry> &entries, const QString &prefix, QStringList &out)
{
    for (const ManifestEntry &e : entries) {
        const QString path = prefix.isEmpty() ? e.name : prefix + QLatin1Char('/') + e.name;
        if (e.ephemeral) {
            out << path;
        }
        collectEphemeral(e.children, path, out);
    }
}

QJsonObject entryToJson(const ManifestEntry &e)
{
    QJsonObject o;
    o.insert(QStringLiteral("type"), e.typeName);
    if (!e.description.isEmpty()) {
        o.insert(QStringLiteral("description"), e.description);
    }
    if (e.ephemeral && e.type != EntryType::Mount) {
        o.insert(QStringLiteral("ephemeral"), true);
    }
    if (e.permissions) {
        o.insert(QStringLiteral("permissions"), QJsonObject{{QStringLiteral("owner"), e.permissions->owner},
                                                            {QStringLiteral("group"), e.permissions->group},
                                                            {QStringLiteral("other"), e.permissions->other}});
    }
    switch (e.type) {
    case EntryType::File:
        if (e.contentBase64) {
            o.insert(QStringLiteral("content_base64"), QString::fromLatin1(e.content.toBase64()));
        } else {
            o.insert(QStringLiteral("content"), QString::fromUtf8(e.content));
        }
        break;
    case EntryType::Dir: {
        QJsonObject children;
        for (const ManifestEntry &c : e.children) {
            children.insert(c.name, entryToJson(c));
        }
        o.insert(QStringLiteral("children"), children);
        break;
    }
    case EntryType::LocalFile:
    case EntryType::LocalDir:
        o.insert(QStringLiteral("src"), e.src.isEmpty() ? QJsonValue() : QJsonValue(e.src));
        break;
    case EntryType::GitRepo:
        o.insert(QStringLiteral("repo"), e.repo);
        if (e.host != QLatin1String("github.com")) {
            o.insert(QStringLiteral("host"), e.host);
        }
        if (!e.ref.isEmpty()) {
            o.insert(QStringLiteral("ref"), e.ref);
        }
        if (!e.subpath.isEmpty()) {
            o.insert(QStringLiteral("subpath"), e.subpath);
        }
        break;
    case EntryType::Mount:
        for (auto it = e.mountFields.begin(); it != e.mountFields.end(); ++it) {
            o.insert(it.key(), it.value());
        }
        break;
    }
    return o;
}

struct TreeNode
{
    bool isDir = true;
    QString absPath;
    QString description;
    std::map<QString, std::unique_ptr<TreeNode>> children;
};

QString joinRoot(const QString &root, const QString &rel)
{
    return root == QLatin1String("/") ? QString(QLatin1Char('/') + rel) : QString(root + QLatin1Char('/') + rel);
}

void addToTree(TreeNode &top, const QString &root, const QString &prefix, const ManifestEntry &e)
{
    const QString rel = prefix.isEmpty() ? e.name : prefix + QLatin1Char('/') + e.name;
    TreeNode *node = &top;
    QString walked;
    for (const QString &part : e.name.split(QLatin1Char('/'))) {
        walked = walked.isEmpty() ? part : walked + QLatin1Char('/') + part;
        auto &slot = node->children[part];
        if (!slot) {
            slot = std::make_unique<TreeNode>();
            slot->absPath = joinRoot(root, prefix.isEmpty() ? walked : prefix + QLatin1Char('/') + walked);
        }
        node = slot.get();
    }
    node->isDir = e.isDirLike();
    node->description = e.description;
    if (e.type == EntryType::Mount) {
        const QString mountPath = e.mountFields.value(QStringLiteral("mount_path")).toString();
        if (mountPath.startsWith(QLatin1Char('/'))) {
            node->absPath = QDir::cleanPath(mountPath);
        } else if (!mountPath.isEmpty()) {
            node->absPath = QDir::cleanPath(joinRoot(root, mountPath));
        }
    }
    for (const ManifestEntry &c : e.children) {
        addToTree(*node, root, rel, c);
    }
}

struct TreeLine
{
    QString head;
    QString comment;
};

void renderNode(const TreeNode &node, const QString &indent, int depth, int maxDepth, QList<TreeLine> &out)
{
    if (depth >= maxDepth) {
        return;
    }
    qsizetype i = 0;
    for (const auto &[name, child] : node.children) {
        const bool last = ++i == qsizetype(node.children.size());
        QString head = indent + (last ? QStringLiteral("└── ") : QStringLiteral("├── ")) + name;
        if (child->isDir) {
            head += QLatin1Char('/');
        }
        QString comment = QStringLiteral("# ") + child->absPath;
        if (!child->description.isEmpty()) {
            comment += QStringLiteral(" — ") + child->description;
        }
        out.append({head, comment});
        renderNode(*child, indent + (last ? QStringLiteral("    ") : QStringLiteral("│   ")), depth + 1, maxDepth, out);
    }
}

} // namespace

int Manifest::entryCount() const
{
    int n = 0;
    countEntries(entries, n);
    return n;
}

QStringList Manifest::ephemeralEntryPaths() const
{
    QStringList out;
    collectEphemeral(entries, QString(), out);
    return out;
}

QJsonObject Manifest::toJson(bool includeEphemeralEnvironment) const
{
    QJsonObject o;
    o.insert(QStringLiteral("version"), version);
    o.insert(QStringLiteral("root"), root);
    QJsonObject es;
    for (const ManifestEntry &e : entries) {
        es.insert(e.name, entryToJson(e));
    }
    o.insert(QStringLiteral("entries"), es);
    QJsonObject env;
    for (const auto &[name, v] : environment) {
        if (!includeEphemeralEnvironment && (v.ephemeral || v.isSecret())) {
            continue;
        }
        if (!v.ephemeral && v.description.isEmpty() && !v.isSecret()) {
            env.insert(name, v.value);
            continue;
        }
        QJsonObject vo;
        if (v.isSecret()) {
            vo.insert(QStringLiteral("secret"), v.secret);
        } else {
            vo.insert(QStringLiteral("value"), v.value);
        }
        if (v.ephemeral) {
            vo.insert(QStringLiteral("ephemeral"), true);
        }
        if (!v.description.isEmpty()) {
            vo.insert(QStringLiteral("description"), v.description);
        }
        env.insert(name, vo);
    }
    o.insert(QStringLiteral("environment"), env);
    if (!users.isEmpty()) {
        o.insert(QStringLiteral("users"), QJsonArray::fromStringList(users));
    }
    if (!groups.isEmpty()) {
        QJsonArray ga;
        for (const ManifestGroup &g : groups) {
            ga.append(QJsonObject{{QStringLiteral("name"), g.name},
                                  {QStringLiteral("users"), QJsonArray::fromStringList(g.users)}});
        }
        o.insert(QStringLiteral("groups"), ga);
    }
    if (!remoteMountCommandAllowlist.isEmpty()) {
        o.insert(QStringLiteral("remote_mount_command_allowlist"),
                 QJsonArray::fromStringList(remoteMountCommandAllowlist));
    }
    return o;
}

QHash<QString, QString> Manifest::persistableEnvironment() const
{
    QHash<QString, QString> out;
    for (const auto &[name, v] : environment) {
        if (!v.ephemeral && !v.isSecret()) {
            out.insert(name, v.value);
        }
    }
    return out;
}

QString Manifest::renderTree(int depth, int maxLines, int maxChars) const
{
    TreeNode top;
    for (const ManifestEntry &e : entries) {
        addToTree(top, root, QString(), e);
    }
    QList<TreeLine> lines;
    renderNode(top, QString(), 0, depth, lines);
    qsizetype width = 0;
    for (const TreeLine &l : lines) {
        width = std::max(width, l.head.size());
    }
    QStringList rendered;
    rendered << root;
    for (const TreeLine &l : lines) {
        rendered << l.head.leftJustified(width + 2) + l.comment;
    }

    QString full = rendered.join(QLatin1Char('\n')) + QLatin1Char('\n');
    if (rendered.size() <= maxLines && full.size() <= maxChars) {
        return full;
    }
    // Keep whole lines while both limits (including the note) hold.
    QString out;
    qsizetype kept = 0;
    const auto note = [&](qsizetype omitted) {
        return QStringLiteral("... (%1 more lines truncated)\n\nThe filesystem layout above was truncated. Use `ls` "
                              "to explore specific directories before relying on omitted paths.\n")
            .arg(omitted);
    };
    for (const QString &line : rendered) {
        const QString next = out + line + QLatin1Char('\n');
        if (kept + 1 >= maxLines || next.size() + note(rendered.size() - kept - 1).size() > maxChars) {
            break;
        }
        out = next;
        ++kept;
    }
    return out + note(rendered.size() - kept);
}

} // namespace Sandcastle::Core
