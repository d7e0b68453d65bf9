//! How to delete a conversation in the major AI tools, shown on self-report pages so IT can
//! tell the employee what to do right away. Keyed by register id, with a generic fallback.

/// Steps to delete a conversation (and stop it from being used for training) in a tool.
pub fn steps(tool_id: Option<&str>) -> &'static [&'static str] {
    match tool_id.unwrap_or("") {
        "chatgpt" => &[
            "Open chatgpt.com and find the conversation in the sidebar.",
            "Click ⋯ next to it, then Delete, and confirm.",
            "Settings → Data controls: turn off “Improve the model for everyone”.",
            "Deleted chats are removed from OpenAI's systems within 30 days unless retained for legal reasons.",
        ],
        "claude" => &[
            "Open claude.ai and open the conversation.",
            "Click the conversation title (or ⋯ in the Recents list), then Delete, and confirm.",
            "If the chat is in a Project, also remove any uploaded files from the Project knowledge.",
        ],
        "gemini" => &[
            "Open gemini.google.com, find the chat under Recent, click ⋮ → Delete.",
            "Then open myactivity.google.com/product/gemini and delete the matching Gemini Apps activity.",
            "Consider turning Gemini Apps Activity off for the account.",
        ],
        "copilot" | "microsoft_copilot" | "m365_copilot" | "github_copilot" => &[
            "Microsoft Copilot: open the conversation list, hover the conversation, ⋯ → Delete.",
            "Microsoft 365 Copilot: an admin can purge interactions via Microsoft Purview (content search).",
            "GitHub Copilot Chat: delete the thread from the chat history; uploaded files are not retained beyond the session.",
        ],
        "perplexity" => &[
            "Open perplexity.ai → Library, find the thread, click ⋯ → Delete Thread.",
            "Settings → turn off AI Data Retention if it is on.",
        ],
        "deepseek" => &[
            "Open chat.deepseek.com, hover the conversation in the sidebar, click ⋯ → Delete.",
            "Data is processed in the People's Republic of China: consider the incident notifiable and ask legal.",
        ],
        "mistral" | "le_chat" => &[
            "Open chat.mistral.ai, find the conversation in the sidebar, ⋯ → Delete.",
            "Settings → turn off training on your data (Le Chat Free/Pro).",
        ],
        _ => &[
            "Ask the employee to open the tool's conversation history and delete the conversation.",
            "Delete any uploaded files from the tool's file or knowledge area too.",
            "Check the vendor's privacy settings: turn off training on user data, and note the vendor's retention period.",
            "If the vendor offers a privacy or deletion request form, file one naming the account and time.",
        ],
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn known_tools_have_their_own_steps_and_others_a_fallback() {
        assert!(super::steps(Some("chatgpt"))[0].contains("chatgpt.com"));
        assert!(super::steps(Some("unknown"))[0].contains("history"));
        assert_eq!(super::steps(None), super::steps(Some("nope")));
    }
}
