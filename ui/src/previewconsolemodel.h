// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "sandcastle/ui/previewbackend.h"

#include <QAbstractTableModel>
#include <QList>

namespace Sandcastle::Ui {

/// The console lines of one preview tab (level, message, source:line), the newest last, at most
/// kMaxMessages (the oldest go first). asText() is what "Send to agent" hands over.
class PreviewConsoleModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    static constexpr int kMaxMessages = 1000;
    enum Column { LevelColumn, MessageColumn, SourceColumn, ColumnCount };

    explicit PreviewConsoleModel(QObject *parent = nullptr);

    void append(const PreviewConsoleMessage &message);
    void clear();
    [[nodiscard]] const QList<PreviewConsoleMessage> &messages() const { return m_messages; }
    /// One line per message ("[error] text (source:line)"); `rows` empty means all.
    [[nodiscard]] QString asText(const QList<int> &rows = {}) const;

    [[nodiscard]] int rowCount(const QModelIndex &parent = {}) const override;
    [[nodiscard]] int columnCount(const QModelIndex &parent = {}) const override;
    [[nodiscard]] QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    [[nodiscard]] QVariant headerData(int section, Qt::Orientation orientation,
                                      int role = Qt::DisplayRole) const override;

private:
    QList<PreviewConsoleMessage> m_messages;
};

} // namespace Sandcastle::Ui
