# generated from ui/customer_list.ui by packaging/build_forms.py — do not edit
# (uic 6.11.3)

from PySide6.QtCore import (QCoreApplication, QDate, QDateTime, QLocale,
    QMetaObject, QObject, QPoint, QRect,
    QSize, QTime, QUrl, Qt)
from PySide6.QtGui import (QBrush, QColor, QConicalGradient, QCursor,
    QFont, QFontDatabase, QGradient, QIcon,
    QImage, QKeySequence, QLinearGradient, QPainter,
    QPalette, QPixmap, QRadialGradient, QTransform)
from PySide6.QtWidgets import (QAbstractItemView, QApplication, QComboBox, QHBoxLayout,
    QHeaderView, QLineEdit, QSizePolicy, QTableView,
    QVBoxLayout, QWidget)

class Ui_CustomerList(object):
    def setupUi(self, CustomerList):
        if not CustomerList.objectName():
            CustomerList.setObjectName(u"CustomerList")
        CustomerList.resize(760, 600)
        self.listLayout = QVBoxLayout(CustomerList)
        self.listLayout.setSpacing(6)
        self.listLayout.setObjectName(u"listLayout")
        self.listLayout.setContentsMargins(0, 0, 0, 0)
        self.searchLayout = QHBoxLayout()
        self.searchLayout.setObjectName(u"searchLayout")
        self.searchField = QLineEdit(CustomerList)
        self.searchField.setObjectName(u"searchField")
        self.searchField.setMinimumSize(QSize(260, 0))
        self.searchField.setClearButtonEnabled(True)

        self.searchLayout.addWidget(self.searchField)

        self.filterBox = QComboBox(CustomerList)
        self.filterBox.setObjectName(u"filterBox")

        self.searchLayout.addWidget(self.filterBox)


        self.listLayout.addLayout(self.searchLayout)

        self.customerTable = QTableView(CustomerList)
        self.customerTable.setObjectName(u"customerTable")
        self.customerTable.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.customerTable.setAlternatingRowColors(False)
        self.customerTable.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.customerTable.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.customerTable.setSortingEnabled(True)
        self.customerTable.setWordWrap(False)
        self.customerTable.horizontalHeader().setHighlightSections(False)
        self.customerTable.horizontalHeader().setStretchLastSection(True)
        self.customerTable.verticalHeader().setVisible(False)

        self.listLayout.addWidget(self.customerTable)

        QWidget.setTabOrder(self.searchField, self.filterBox)
        QWidget.setTabOrder(self.filterBox, self.customerTable)

        self.retranslateUi(CustomerList)

        QMetaObject.connectSlotsByName(CustomerList)
    # setupUi

    def retranslateUi(self, CustomerList):
#if QT_CONFIG(tooltip)
        self.searchField.setToolTip(QCoreApplication.translate("CustomerList", u"Findet Kundinnen und Kunden nach Name, Kundennummer oder Geburtsdatum (TT.MM.JJJJ). Gro\u00df-/Kleinschreibung egal; \u201eM\u00fcller\u201c findet auch \u201eMueller\u201c. Mehrere W\u00f6rter: alle m\u00fcssen passen.", None))
#endif // QT_CONFIG(tooltip)
#if QT_CONFIG(accessibility)
        self.searchField.setAccessibleName(QCoreApplication.translate("CustomerList", u"Suche im Bestand", None))
#endif // QT_CONFIG(accessibility)
        self.searchField.setPlaceholderText(QCoreApplication.translate("CustomerList", u"Suchen: Name, Kundennummer \u2026 (Strg+F)", None))
#if QT_CONFIG(tooltip)
        self.filterBox.setToolTip(QCoreApplication.translate("CustomerList", u"Welche Kundinnen und Kunden die Liste zeigt", None))
#endif // QT_CONFIG(tooltip)
#if QT_CONFIG(accessibility)
        self.filterBox.setAccessibleName(QCoreApplication.translate("CustomerList", u"Filter der Kundenliste", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.customerTable.setAccessibleName(QCoreApplication.translate("CustomerList", u"Bestand: Kundinnen und Kunden", None))
#endif // QT_CONFIG(accessibility)
        pass
    # retranslateUi

