// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "runsettings.h"

#include <QWidget>

class QCheckBox;
class QComboBox;
class QLineEdit;
class QPushButton;

namespace Sandcastle::Ui {

/// The run panel's capability choice: filesystem, shell and compaction; memory (off, read and
/// generate, read only, generate only; live update) and skills (a host folder, copied into the
/// workspace or loaded on demand). Edits the capability fields of RunSettings.
class CapabilitiesForm : public QWidget
{
    Q_OBJECT
public:
    explicit CapabilitiesForm(QWidget *parent = nullptr);

    void setSettings(const RunSettings &settings);
    /// Writes the capability fields of `settings`.
    void applyTo(RunSettings &settings) const;

private:
    void updateState();
    void chooseSkillsFolder();

    QCheckBox *m_filesystem = nullptr;
    QCheckBox *m_shell = nullptr;
    QCheckBox *m_compaction = nullptr;
    QComboBox *m_memory = nullptr;
    QCheckBox *m_liveUpdate = nullptr;
    QCheckBox *m_skills = nullptr;
    QLineEdit *m_skillsDir = nullptr;
    QPushButton *m_browse = nullptr;
    QCheckBox *m_lazy = nullptr;
};

} // namespace Sandcastle::Ui
