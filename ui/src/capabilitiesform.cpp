// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "capabilitiesform.h"

#include "namedwidget.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>

namespace Sandcastle::Ui {

using Internal::named;

CapabilitiesForm::CapabilitiesForm(QWidget *parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("capabilitiesForm"));
    m_filesystem = named(new QCheckBox(tr("Files"), this), "filesystemCheck", tr("Filesystem capability"));
    m_filesystem->setToolTip(tr("apply_patch and view_image: the agent edits and reads workspace files"));
    m_shell = named(new QCheckBox(tr("Shell"), this), "shellCheck", tr("Shell capability"));
    m_shell->setToolTip(tr("exec_command and write_stdin: the agent runs commands in the sandbox"));
    m_compaction = named(new QCheckBox(tr("Compaction"), this), "compactionCheck", tr("Compaction capability"));
    m_compaction->setToolTip(tr("Long conversations are compacted near the model's context window"));
    m_memory = named(new QComboBox(this), "memoryModeCombo", tr("Memory"));
    m_memory->addItem(tr("No memory"), QStringLiteral("off"));
    m_memory->addItem(tr("Memory: read and generate"), QStringLiteral("both"));
    m_memory->addItem(tr("Memory: read only"), QStringLiteral("read"));
    m_memory->addItem(tr("Memory: generate only"), QStringLiteral("generate"));
    m_memory->setToolTip(tr("Read: the memory summary of earlier runs (memories/memory_summary.md) goes into the "
                            "instructions. Generate: after the run, notes are extracted and consolidated."));
    m_liveUpdate = named(new QCheckBox(tr("Live update"), this), "memoryLiveUpdateCheck", tr("Memory live update"));
    m_liveUpdate->setToolTip(tr("The agent fixes stale guidance in memories/MEMORY.md while it works "
                                "(needs the Files and Shell capabilities)"));
    m_skills = named(new QCheckBox(tr("Skills:"), this), "skillsCheck", tr("Skills capability"));
    m_skillsDir = named(new QLineEdit(this), "skillsDirEdit", tr("Skills folder"));
    m_skillsDir->setPlaceholderText(tr("folder of skill folders with SKILL.md"));
    m_browse = named(new QPushButton(tr("Browse\u2026"), this), "skillsBrowseButton", tr("Choose the skills folder"));
    m_lazy = named(new QCheckBox(tr("Load on demand"), this), "skillsLazyCheck", tr("Load skills on demand"));
    m_lazy->setToolTip(tr("Only list the skills; the agent stages one with load_skill when it needs it. "
                          "Otherwise the folder is copied into the workspace (.agents) before the run."));

    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    for (QWidget *w :
         {static_cast<QWidget *>(m_filesystem), static_cast<QWidget *>(m_shell), static_cast<QWidget *>(m_compaction),
          static_cast<QWidget *>(m_memory), static_cast<QWidget *>(m_liveUpdate), static_cast<QWidget *>(m_skills)}) {
        layout->addWidget(w);
    }
    layout->addWidget(m_skillsDir, 1);
    layout->addWidget(m_browse);
    layout->addWidget(m_lazy);

    connect(m_memory, &QComboBox::currentIndexChanged, this, &CapabilitiesForm::updateState);
    connect(m_skills, &QCheckBox::toggled, this, &CapabilitiesForm::updateState);
    connect(m_browse, &QPushButton::clicked, this, &CapabilitiesForm::chooseSkillsFolder);
    updateState();
}

void CapabilitiesForm::setSettings(const RunSettings &s)
{
    m_filesystem->setChecked(s.capabilities.contains(QLatin1String("filesystem")));
    m_shell->setChecked(s.capabilities.contains(QLatin1String("shell")));
    m_compaction->setChecked(s.capabilities.contains(QLatin1String("compaction")));
    m_memory->setCurrentIndex(std::max(0, m_memory->findData(s.memoryMode)));
    m_liveUpdate->setChecked(s.memoryLiveUpdate);
    m_skills->setChecked(s.skills);
    m_skillsDir->setText(s.skillsDir);
    m_lazy->setChecked(s.skillsLazy);
    updateState();
}

void CapabilitiesForm::applyTo(RunSettings &s) const
{
    s.capabilities.clear();
    const std::pair<QCheckBox *, const char *> boxes[] = {
        {m_filesystem, "filesystem"}, {m_shell, "shell"}, {m_compaction, "compaction"}};
    for (const auto &[box, type] : boxes) {
        if (box->isChecked()) {
            s.capabilities << QLatin1String(type);
        }
    }
    s.memoryMode = m_memory->currentData().toString();
    s.memoryLiveUpdate = m_liveUpdate->isChecked();
    s.skills = m_skills->isChecked();
    s.skillsDir = m_skillsDir->text().trimmed();
    s.skillsLazy = m_lazy->isChecked();
}

void CapabilitiesForm::chooseSkillsFolder()
{
    const QString dir = QFileDialog::getExistingDirectory(this, tr("Skills folder"), m_skillsDir->text());
    if (!dir.isEmpty()) {
        m_skillsDir->setText(dir);
        m_skills->setChecked(true);
    }
}

void CapabilitiesForm::updateState()
{
    const QString mode = m_memory->currentData().toString();
    m_liveUpdate->setEnabled(mode == QLatin1String("both") || mode == QLatin1String("read"));
    for (QWidget *w :
         {static_cast<QWidget *>(m_skillsDir), static_cast<QWidget *>(m_browse), static_cast<QWidget *>(m_lazy)}) {
        w->setEnabled(m_skills->isChecked());
    }
}

} // namespace Sandcastle::Ui
