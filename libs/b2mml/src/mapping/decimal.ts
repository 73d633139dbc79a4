/** A decimal in a string, as QuantityString and ValueString hold it (xsd:string in QuantityValueType and ValueType, B2MML-V0600-Common.xsd). */
export const DECIMAL = /^[+-]?(\d+(\.\d*)?|\.\d+)$/;
