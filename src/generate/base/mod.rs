//! `wsc new base --platform P DIR`: a contract-conformant base module.
//! (Being written.)
