// Packages that a start does not need load on first use: exceljs, docx, nodemailer and file-type are about 40% of
// the modules a start would otherwise load (docs/performance.md, "Start-up and the command").
import type ExcelJS from 'exceljs';

/** A new, empty exceljs workbook; exceljs is imported the first time one is made. */
export async function newWorkbook(): Promise<ExcelJS.Workbook> {
  const { default: excel } = await import('exceljs');
  return new excel.Workbook();
}
