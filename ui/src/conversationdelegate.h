// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QCache>
#include <QStyledItemDelegate>

#include <memory>

class QTextDocument;

namespace Sandcastle::Ui {

/// Draws the rows of a ConversationModel as rich text: assistant messages as Markdown,
/// reasoning summaries folded to one line until unfolded, tool calls as compact cards (tool,
/// argument summary, status, exit code, result size and duration; unfolded with the full
/// arguments and the start of the result), usage and notices in small print. A click on a
/// reasoning or tool call row folds or unfolds it (ExpandedRole). Each row's QTextDocument is
/// built once per content change and kept in a bounded cache. GUI thread only.
class ConversationDelegate : public QStyledItemDelegate
{
    Q_OBJECT
public:
    static constexpr int kMargin = 6;            ///< between the row's edge and its content
    static constexpr int kMaxDetailChars = 4000; ///< of arguments and result in an unfolded card
    static constexpr int kCacheSize = 500;       ///< documents kept

    explicit ConversationDelegate(QObject *parent = nullptr);
    ~ConversationDelegate() override;

    void paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const override;
    [[nodiscard]] QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;

    /// The document that shows `index`, laid out `width` pixels wide; owned by the delegate and
    /// valid until the next call.
    [[nodiscard]] QTextDocument *document(const QModelIndex &index, int width) const;
    [[nodiscard]] static bool isFoldable(const QModelIndex &index);
    /// Folds an unfolded row and unfolds a folded one (reasoning and tool calls only).
    static void toggle(const QModelIndex &index);
    void clearCache();

protected:
    bool editorEvent(QEvent *event, QAbstractItemModel *model, const QStyleOptionViewItem &option,
                     const QModelIndex &index) override;

private:
    struct Cached
    {
        QString signature;
        std::unique_ptr<QTextDocument> document;
    };
    /// What a row's document depends on: when it changes the document is built again.
    [[nodiscard]] static QString signature(const QModelIndex &index);
    /// Fills `document` with the row (conversationdocument.cpp).
    static void build(QTextDocument &document, const QModelIndex &index, const QPalette &palette);
    static void buildToolCall(QTextDocument &document, const QModelIndex &index, const QPalette &palette);
    [[nodiscard]] static int contentWidth(const QStyleOptionViewItem &option);

    mutable QCache<int, Cached> m_cache{kCacheSize}; ///< by row; the signature tells stale entries
};

} // namespace Sandcastle::Ui
