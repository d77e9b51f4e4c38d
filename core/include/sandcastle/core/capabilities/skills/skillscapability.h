// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "sandcastle/core/capabilities/capability.h"
#include "sandcastle/core/capabilities/capabilityissue.h"
#include "sandcastle/core/result.h"

#include <QByteArray>
#include <QList>
#include <QMap>

#include <memory>

namespace Sandcastle::Core {

class LoadSkillTool;

/// One literal skill definition (spec 2.4 `Skill`): materialized as `<skills_path>/<name>/SKILL.md`
/// plus the optional `scripts/`, `references/` and `assets/` files (relative path -> bytes).
struct SkillDefinition
{
    QString name;
    QString description;
    QByteArray content; ///< SKILL.md
    QMap<QString, QByteArray> scripts;
    QMap<QString, QByteArray> references;
    QMap<QString, QByteArray> assets;
};

/// Where the skills come from: exactly one source (spec 2.4).
struct SkillsOptions
{
    QList<SkillDefinition> skills; ///< literal definitions
    QString localDir;              ///< `from_` LocalDir: host directory copied to `<skillsPath>`
    QString gitUrl;                ///< `from_` GitRepo: cloned with libgit2, its tree written to `<skillsPath>`
    QString gitRef;                ///< branch, tag or commit (empty = the remote's HEAD)
    QString gitSubpath;            ///< folder inside the repository (empty = its root)
    QString lazyDir;               ///< `lazy_from`: host directory, one skill staged per `load_skill` call
    /// Host folders besides the process's current directory that `lazyDir` may lie in (spec 2.4's
    /// extra path grants); a lazy source outside all of them gets an empty index and an issue.
    QStringList pathGrants;
    QString skillsPath = QStringLiteral(".agents");

    /// Exactly one source; skillsPath relative, non-empty, without `..`; literal names valid
    /// relative paths and unique. InvalidInput naming the field otherwise.
    [[nodiscard]] Result<void> validate() const;
    [[nodiscard]] bool isLazy() const { return !lazyDir.isEmpty(); }
    /// The lazy source resolved against the process's current directory (no symlink resolution).
    [[nodiscard]] QString lazySource() const;
    /// `{"skills_path","local_dir","git":{url,ref,subpath},"lazy_dir","path_grants","skills":[...]}`
    /// (empty fields omitted), for the run journal and `--skills-file`.
    [[nodiscard]] QJsonObject toJson() const;
    /// Reads toJson()'s form; InvalidInput with `source` and a JSON pointer for a malformed object.
    [[nodiscard]] static Result<SkillsOptions> fromJson(const QJsonObject &object, const QString &source);
};

/// One entry of the skills index (the instruction fragment's list).
struct SkillMetadata
{
    QString name;
    QString description;
    QString path;      ///< workspace-relative: `<skills_path>/<dir>`
    QString directory; ///< the folder name (lazy sources: the host folder under lazyDir)
    friend bool operator==(const SkillMetadata &, const SkillMetadata &) = default;
};

/// The frontmatter of a SKILL.md (spec 2.4): the first line `---`, `key: value` lines (blank lines
/// and `#` comments skipped, matching surrounding quotes stripped) until the next `---`. Text
/// without frontmatter gives an empty map; an unclosed block or a line that is not `key: value`
/// is InvalidInput naming the line.
[[nodiscard]] Result<QMap<QString, QString>> parseSkillFrontmatter(const QString &text);

/// What SkillsCapability::prepareWorkspace() found.
struct SkillsPrepared
{
    QList<SkillMetadata> index; ///< sorted by name, de-duplicated by (name, path)
    QList<CapabilityIssue> issues;
};

/// The "skills" capability (spec 2.4). Before the run, prepareWorkspace() writes the skills into
/// the workspace's `<skillsPath>` (literal definitions, a local directory, a git repository) or,
/// for a lazy source, only indexes the host directory; setPrepared() hands the index over. The
/// instruction fragment lists the skills; a lazy source adds the `load_skill` tool (returns JSON).
/// One instance per run, on the runner's thread.
class SkillsCapability : public Capability
{
    Q_OBJECT
public:
    explicit SkillsCapability(SkillsOptions options, QObject *parent = nullptr);
    ~SkillsCapability() override;

    [[nodiscard]] QString type() const override { return QStringLiteral("skills"); }
    [[nodiscard]] QString instructions() const override;
    [[nodiscard]] std::vector<Tool *> tools() const override;

    [[nodiscard]] const SkillsOptions &options() const { return m_options; }
    [[nodiscard]] const QList<SkillMetadata> &index() const { return m_index; }
    void setPrepared(const SkillsPrepared &prepared);
    /// Changes the path grants of a lazy source: the cached index is dropped and the source indexed
    /// again (blocking, one folder listing), so a source that is now outside every grant offers
    /// nothing. The issues of the new index; nothing happens when the grants are unchanged.
    [[nodiscard]] QList<CapabilityIssue> setPathGrants(const QStringList &grants);

    /// Blocking (run it on a worker thread): materializes the source into `workspaceRoot` and
    /// builds the index. Folders without SKILL.md and broken frontmatter become issues (the folder
    /// is left out of the index); a missing source directory or a failed clone fails the call.
    [[nodiscard]] static Result<SkillsPrepared> prepareWorkspace(const SkillsOptions &options,
                                                                 const QString &workspaceRoot);
    /// The lazy source's index (spec 2.4): empty with an issue when the source lies outside the
    /// current directory and every path grant; NotFound when it is not a folder. Blocking.
    [[nodiscard]] static Result<SkillsPrepared> indexLazySource(const SkillsOptions &options);
    /// Indexes the skill folders directly under `dir` (real directories only, symlinks skipped),
    /// paths reported as `<pathPrefix>/<folder>`. Blocking; used for `from_` and lazy sources.
    [[nodiscard]] static SkillsPrepared indexDirectory(const QString &dir, const QString &pathPrefix,
                                                       const QString &issuePrefix);
    /// The fragment for `index` (empty when it is empty); `lazy` adds the load_skill guidance.
    [[nodiscard]] static QString renderInstructions(const QList<SkillMetadata> &index, const QString &skillsPath,
                                                    bool lazy);

private:
    SkillsOptions m_options;
    QList<SkillMetadata> m_index;
    std::unique_ptr<LoadSkillTool> m_loadSkill;
};

} // namespace Sandcastle::Core
